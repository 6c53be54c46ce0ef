package health.rapport.engagement.panel.repository;

import health.rapport.engagement.panel.service.PanelEncounter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tables {@code panel_encounter} and {@code panel_participant}: three statements per batch, inside the caller's
 * transaction. An Encounter replaces the stored one only if its version is higher, so a repeat or an older version
 * changes nothing.
 */
@ApplicationScoped
public class PanelRepository {

    private static final String UPSERT = """
            insert into panel_encounter (encounter_id, version, patient_id, status, period_start, period_end, day, counted)
            select * from unnest($1::varchar[], $2::bigint[], $3::varchar[], $4::varchar[], $5::timestamptz[],
                                 $6::timestamptz[], $7::date[], $8::boolean[])
            on conflict (encounter_id) do update set version = excluded.version, patient_id = excluded.patient_id,
                status = excluded.status, period_start = excluded.period_start, period_end = excluded.period_end,
                day = excluded.day, counted = excluded.counted
            where panel_encounter.version < excluded.version
            returning encounter_id""";
    private static final String CLEAR = "delete from panel_participant where encounter_id = any($1::varchar[])";
    private static final String PARTICIPANTS = """
            insert into panel_participant (encounter_id, clinician_id)
            select * from unnest($1::varchar[], $2::varchar[]) on conflict do nothing""";

    /**
     * Stores the encounters (one per id: the caller keeps each id's highest version); emits how many changed the
     * panel.
     */
    public Uni<Integer> store(SqlConnection connection, List<PanelEncounter> encounters) {
        if (encounters.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = encounters.size();
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        String[] patients = new String[n];
        String[] statuses = new String[n];
        OffsetDateTime[] starts = new OffsetDateTime[n];
        OffsetDateTime[] ends = new OffsetDateTime[n];
        LocalDate[] days = new LocalDate[n];
        Boolean[] counted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            PanelEncounter e = encounters.get(i);
            ids[i] = e.encounterId();
            versions[i] = e.version();
            patients[i] = e.patientId();
            statuses[i] = e.status();
            starts[i] = e.start().atOffset(ZoneOffset.UTC);
            ends[i] = e.end() == null ? null : e.end().atOffset(ZoneOffset.UTC);
            days[i] = e.day();
            counted[i] = e.counted();
        }
        Tuple upsert = Tuple.tuple(List.of(ids, versions, patients, statuses, starts, ends, days, counted));
        return connection.preparedQuery(UPSERT).execute(upsert).flatMap(rows -> {
            Set<String> changed = new HashSet<>();
            for (Row row : rows) {
                changed.add(row.getString(0));
            }
            if (changed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<String> encounterIds = new ArrayList<>();
            List<String> clinicianIds = new ArrayList<>();
            for (PanelEncounter e : encounters) {
                if (changed.contains(e.encounterId())) {
                    for (String clinician : e.clinicianIds()) {
                        encounterIds.add(e.encounterId());
                        clinicianIds.add(clinician);
                    }
                }
            }
            return connection.preparedQuery(CLEAR).execute(Tuple.of(changed.toArray(String[]::new)))
                    .flatMap(ignored -> connection.preparedQuery(PARTICIPANTS).execute(Tuple.of(
                            encounterIds.toArray(String[]::new), clinicianIds.toArray(String[]::new))))
                    .replaceWith(changed.size());
        });
    }
}
