package health.rapport.message.ehr.service;

import java.time.Instant;
import java.util.List;

/**
 * A FHIR R4 Encounter as Rapport uses it: which patient saw which practitioners, and when.
 *
 * @param resourceKey {@code "Encounter/<logical id>"}
 * @param patientId the subject's Patient logical id
 * @param practitionerIds the Practitioner logical ids among {@code participant[].individual}, in order, without
 *        duplicates, never empty (immutable)
 * @param start {@code period.start}, or null
 */
public record EhrEncounter(String resourceKey, String patientId, List<String> practitionerIds, Instant start) {

    public EhrEncounter {
        practitionerIds = List.copyOf(practitionerIds);
    }
}
