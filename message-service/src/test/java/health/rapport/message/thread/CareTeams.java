package health.rapport.message.thread;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Test people: what the EHR's encounters would have told message-service, written straight into its directory
 * (the EHR inbound tests cover learning them from Kafka).
 */
public final class CareTeams {

    private CareTeams() {
    }

    public record Pair(String patient, String clinician) {
    }

    /** A fresh patient in a fresh clinician's care. */
    public static Pair fresh(String jdbcUrl) {
        Pair pair = new Pair("pat-" + UUID.randomUUID(), "prac-" + UUID.randomUUID());
        relate(jdbcUrl, pair.patient(), pair.clinician());
        return pair;
    }

    public static void relate(String jdbcUrl, String patient, String clinician) {
        try (Connection db = health.rapport.message.TestDatabase.connect(jdbcUrl)) {
            person(db, "Patient/" + patient, "PATIENT");
            person(db, "Practitioner/" + clinician, "CLINICIAN");
            try (PreparedStatement insert = db.prepareStatement("insert into care_relationship (patient_id,"
                    + " clinician_id, since) values (?, ?, now()) on conflict do nothing")) {
                insert.setString(1, patient);
                insert.setString(2, clinician);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void person(Connection db, String ref, String role) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("insert into person (person_ref, role, first_seen_at)"
                + " values (?, ?, now()) on conflict do nothing")) {
            insert.setString(1, ref);
            insert.setString(2, role);
            insert.executeUpdate();
        }
    }
}
