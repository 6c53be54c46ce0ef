package health.rapport.notification.directory;

import health.rapport.events.NudgeChannel;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * A clinician as the directory (Keycloak user attributes) knows them.
 *
 * @param clinicianId  the FHIR Practitioner id (attribute {@code fhirUser} {@code Practitioner/<id>})
 * @param username     the Keycloak username
 * @param email        where e-mail nudges go; empty if the user has none
 * @param zone         attribute {@code timeZone}; empty when missing or not a known zone (the policy's default applies)
 * @param supervisorId attribute {@code supervisor} ({@code Practitioner/<id>}): who gets escalations
 * @param channels     attribute {@code nudgeChannels} ({@code EMAIL,IN_APP,WEBHOOK}); IN_APP and EMAIL when missing
 * @param organization attribute {@code organization}: which webhook applies; {@code default} when missing
 */
public record Clinician(String clinicianId, String username, Optional<String> email, Optional<ZoneId> zone,
        Optional<String> supervisorId, Set<NudgeChannel> channels, String organization) {
}
