package health.rapport.message.thread.repository;

import health.rapport.support.security.FhirReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
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

    /** Records people and care relationships in the current transaction; known ones are left as they are. */
    public Uni<Void> remember(Collection<Care> relationships) {
        if (relationships.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Care> distinct = relationships.stream().distinct().toList();
        StringBuilder people = new StringBuilder("insert into person (person_ref, role, first_seen_at) values ");
        StringBuilder care = new StringBuilder("insert into care_relationship (patient_id, clinician_id, since) values ");
        List<Object> peopleArgs = new ArrayList<>();
        List<Object> careArgs = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Care c : distinct) {
            for (FhirReference person : List.of(FhirReference.patient(c.patientId()),
                    FhirReference.practitioner(c.clinicianId()))) {
                if (seen.add(person.toString())) {
                    people.append(peopleArgs.isEmpty() ? "" : ", ").append(pair(peopleArgs.size()));
                    peopleArgs.add(person.toString());
                    peopleArgs.add(person.isPatient() ? "PATIENT" : "CLINICIAN");
                }
            }
            care.append(careArgs.isEmpty() ? "" : ", ").append(pair(careArgs.size()));
            careArgs.add(c.patientId());
            careArgs.add(c.clinicianId());
        }
        return Panache.getSession().flatMap(session -> execute(session, people + " on conflict do nothing", peopleArgs)
                        .flatMap(ignored -> execute(session, care + " on conflict do nothing", careArgs)))
                .replaceWithVoid();
    }

    /** Two ordinal parameters after {@code before} others, and the time: {@code (?3, ?4, now())}. */
    private static String pair(int before) {
        return "(?" + (before + 1) + ", ?" + (before + 2) + ", now())";
    }

    private static Uni<Integer> execute(org.hibernate.reactive.mutiny.Mutiny.Session session, String sql,
            List<Object> args) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < args.size(); i++) {
            query.setParameter(i + 1, args.get(i));
        }
        return query.executeUpdate();
    }
}
