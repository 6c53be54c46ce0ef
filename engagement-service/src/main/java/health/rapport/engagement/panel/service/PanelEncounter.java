package health.rapport.engagement.panel.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A FHIR R4 Encounter as the panel keeps it.
 *
 * @param encounterId   the Encounter's logical id
 * @param version       {@code meta.versionId} as a whole number, 0 when absent
 * @param patientId     the Patient logical id of {@code subject}
 * @param clinicianIds  the Practitioner logical ids among {@code participant[].individual}, in order, no duplicates,
 *                      never empty
 * @param status        FHIR EncounterStatus code
 * @param start         {@code period.start}
 * @param end           {@code period.end}, or null
 * @param day           the clinic-local day of {@code start}
 */
public record PanelEncounter(String encounterId, long version, String patientId, List<String> clinicianIds,
        String status, Instant start, Instant end, LocalDate day) {

    /** Statuses under which the encounter does not mean the patient was seen. */
    public static final List<String> NOT_SEEN = List.of("planned", "cancelled", "entered-in-error");

    public PanelEncounter {
        clinicianIds = List.copyOf(clinicianIds);
    }

    /** Whether the encounter counts as the patient being seen by its clinicians. */
    public boolean counted() {
        return !NOT_SEEN.contains(status);
    }
}
