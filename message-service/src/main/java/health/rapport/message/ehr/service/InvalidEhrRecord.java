package health.rapport.message.ehr.service;

/**
 * An EHR record Rapport does not accept. The message is the reason, starting with the FHIR path of the offending
 * element ({@code "sender: must reference a Patient or Practitioner"}); it never quotes message text, since it
 * goes into Kafka headers and logs. No cause is attached (a parser's exception could quote the input) and no
 * stack trace is recorded: a rejection is an expected outcome, not a fault.
 */
public class InvalidEhrRecord extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidEhrRecord(String reason) {
        super(reason, null, false, false);
    }
}
