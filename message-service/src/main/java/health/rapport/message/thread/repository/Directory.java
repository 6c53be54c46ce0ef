package health.rapport.message.thread.repository;

import health.rapport.support.security.FhirReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The patients and clinicians Rapport knows, and who is in whose care, as the EHR told us (encounters and
 * communications). People are never forgotten, so a positive answer is cached for the life of the process.
 */
@ApplicationScoped
public class Directory {

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public Uni<Boolean> isKnown(FhirReference person) {
        String ref = person.toString();
        if (known.contains(ref)) {
            return Uni.createFrom().item(true);
        }
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("select count(*) from person where person_ref = :ref", Long.class)
                        .setParameter("ref", ref).getSingleResult()))
                .map(count -> {
                    if (count > 0) {
                        known.add(ref);
                    }
                    return count > 0;
                });
    }

    /** Whether the patient is in the clinician's care (they met, or already messaged through the EHR). */
    public Uni<Boolean> inCare(String patientId, String clinicianId) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select count(*) from care_relationship where patient_id = :patient"
                        + " and clinician_id = :clinician", Long.class)
                .setParameter("patient", patientId).setParameter("clinician", clinicianId)
                .getSingleResult()).map(count -> count > 0);
    }

    /** A care relationship as the EHR reported it. */
    public record Care(String patientId, String clinicianId) {
    }

    private static final String REMEMBER_PEOPLE = "insert into person (person_ref, role, first_seen_at)"
            + " select ref, role, now() from unnest($1::varchar[], $2::varchar[]) as p (ref, role) on conflict do nothing";
    private static final String REMEMBER_CARE = "insert into care_relationship (patient_id, clinician_id, since)"
            + " select patient, clinician, now() from unnest($1::varchar[], $2::varchar[]) as c (patient, clinician)"
            + " on conflict do nothing";

    /**
     * Records people and care relationships in the transaction running on {@code connection}; known ones are left
     * as they are. Two statements whatever the number.
     */
    public Uni<Void> remember(SqlConnection connection, Collection<Care> relationships) {
        if (relationships.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Sorted, so that concurrent batches (one per partition) take the rows' locks in the same order.
        Map<String, String> people = new TreeMap<>();
        List<String> patients = new ArrayList<>();
        List<String> clinicians = new ArrayList<>();
        for (Care c : relationships.stream().distinct()
                .sorted(Comparator.comparing(Care::patientId).thenComparing(Care::clinicianId)).toList()) {
            people.put(FhirReference.patient(c.patientId()).toString(), "PATIENT");
            people.put(FhirReference.practitioner(c.clinicianId()).toString(), "CLINICIAN");
            patients.add(c.patientId());
            clinicians.add(c.clinicianId());
        }
        return connection.preparedQuery(REMEMBER_PEOPLE)
                .execute(Tuple.of(people.keySet().toArray(String[]::new), people.values().toArray(String[]::new)))
                .flatMap(ignored -> connection.preparedQuery(REMEMBER_CARE)
                        .execute(Tuple.of(patients.toArray(String[]::new), clinicians.toArray(String[]::new))))
                .replaceWithVoid();
    }
}
