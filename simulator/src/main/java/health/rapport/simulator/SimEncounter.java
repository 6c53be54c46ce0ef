package health.rapport.simulator;

import java.time.Instant;

/**
 * A generated encounter (visit) of a patient with the panel clinician, rendered as a FHIR R4 Encounter with
 * status {@code finished}; it is emitted at its end.
 *
 * @param classCode v3 ActCode: {@code AMB} (ambulatory) or {@code VR} (virtual)
 */
public record SimEncounter(String id, int patientIndex, String patientId, int clinicianIndex, String clinicianId,
        String classCode, Instant start, Instant end) implements SimEvent {

    @Override
    public Instant time() {
        return end;
    }
}
