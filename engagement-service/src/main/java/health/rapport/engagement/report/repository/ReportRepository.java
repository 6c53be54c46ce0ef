package health.rapport.engagement.report.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports' queries over the panel ({@code panel_encounter}, {@code panel_participant}) and the message facts
 * ({@code message_fact}, read only). Days are clinic-local and both ends inclusive. An encounter counts when its
 * stored version is {@code counted}; a message when it is not retracted.
 */
@ApplicationScoped
public class ReportRepository {

    /** Per clinician: patients seen, those of them who wrote to the clinician, those the clinician wrote to. */
    private static final String MEASURE = """
            with seen as (
                select distinct p.clinician_id, e.patient_id
                from panel_encounter e join panel_participant p on p.encounter_id = e.encounter_id
                where e.counted and e.day between $1 and $2 and ($3::varchar is null or p.clinician_id = $3)),
            wrote as (
                select distinct clinician_id, patient_id from message_fact
                where not retracted and day between $1 and $2 and kind in ('PATIENT_INITIATED', 'PATIENT_FOLLOW_UP')),
            written as (
                select distinct clinician_id, patient_id from message_fact
                where not retracted and day between $1 and $2
                  and kind in ('PROVIDER_INITIATED', 'PROVIDER_RESPONSE', 'PROVIDER_FOLLOW_UP'))
            select s.clinician_id, count(*) as seen, count(w.patient_id) as wrote, count(m.patient_id) as written
            from seen s
            left join wrote w on w.clinician_id = s.clinician_id and w.patient_id = s.patient_id
            left join written m on m.clinician_id = s.clinician_id and m.patient_id = s.patient_id
            group by s.clinician_id order by s.clinician_id""";

    /**
     * Per clinician with at least one assigned patient: the patients assigned (a patient's clinician is the one with
     * the most counted encounters in the period, ties to the most recent encounter, then the smaller id), their
     * PATIENT_INITIATED messages in the period (to any clinician), the clinician's responses and personal
     * (not templated) responses in the period, and PROVIDER_INITIATED messages to assigned patients.
     */
    private static final String COHORT = """
            with visits as (
                select e.patient_id, p.clinician_id, count(*) as n, max(e.period_start) as last_seen
                from panel_encounter e join panel_participant p on p.encounter_id = e.encounter_id
                where e.counted and e.day between $1 and $2
                group by e.patient_id, p.clinician_id),
            assigned as (
                select distinct on (patient_id) patient_id, clinician_id from visits
                order by patient_id, n desc, last_seen desc, clinician_id),
            initiated as (
                select patient_id, count(*) as n from message_fact
                where not retracted and day between $1 and $2 and kind = 'PATIENT_INITIATED'
                group by patient_id),
            panel as (
                select a.clinician_id, count(*) as patients, coalesce(sum(i.n), 0) as initiated
                from assigned a left join initiated i on i.patient_id = a.patient_id
                group by a.clinician_id),
            responses as (
                select clinician_id, count(*) as responses, count(*) filter (where templated is not true) as personal
                from message_fact
                where not retracted and day between $1 and $2 and kind = 'PROVIDER_RESPONSE'
                group by clinician_id),
            outreach as (
                select f.clinician_id, count(*) as n
                from message_fact f join assigned a on a.patient_id = f.patient_id and a.clinician_id = f.clinician_id
                where not f.retracted and f.day between $1 and $2 and f.kind = 'PROVIDER_INITIATED'
                group by f.clinician_id)
            select panel.clinician_id, panel.patients, panel.initiated, coalesce(r.responses, 0) as responses,
                   coalesce(r.personal, 0) as personal, coalesce(o.n, 0) as outreach
            from panel
            left join responses r on r.clinician_id = panel.clinician_id
            left join outreach o on o.clinician_id = panel.clinician_id
            order by panel.clinician_id""";

    public record MeasureRow(String clinicianId, long seen, long wrote, long written) {
    }

    public record CohortRow(String clinicianId, long patients, long patientInitiated, long responses,
            long personalResponses, long providerInitiated) {
    }

    private final Pool pool;

    public ReportRepository(Pool pool) {
        this.pool = pool;
    }

    /** One row per clinician who saw a patient in the period, by id; only {@code clinicianId}'s when given. */
    public Uni<List<MeasureRow>> measure(LocalDate from, LocalDate to, String clinicianId) {
        return pool.preparedQuery(MEASURE).execute(Tuple.of(from, to, clinicianId)).map(rows -> {
            List<MeasureRow> result = new ArrayList<>();
            for (Row row : rows) {
                result.add(new MeasureRow(row.getString("clinician_id"), row.getLong("seen"), row.getLong("wrote"),
                        row.getLong("written")));
            }
            return result;
        });
    }

    public Uni<List<CohortRow>> cohort(LocalDate from, LocalDate to) {
        return pool.preparedQuery(COHORT).execute(Tuple.of(from, to)).map(rows -> {
            List<CohortRow> result = new ArrayList<>();
            for (Row row : rows) {
                result.add(new CohortRow(row.getString("clinician_id"), row.getLong("patients"),
                        row.getLong("initiated"), row.getLong("responses"), row.getLong("personal"),
                        row.getLong("outreach")));
            }
            return result;
        });
    }
}
