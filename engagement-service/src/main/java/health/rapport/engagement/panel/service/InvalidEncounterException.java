package health.rapport.engagement.panel.service;

/** A record of {@code ehr.encounters.v1} the panel cannot use; the message names the FHIR path at fault. */
public class InvalidEncounterException extends RuntimeException {

    public InvalidEncounterException(String reason) {
        super(reason);
    }
}
