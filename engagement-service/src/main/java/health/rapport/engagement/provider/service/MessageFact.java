package health.rapport.engagement.provider.service;

import health.rapport.events.MessageKind;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What engagement-service keeps of one message: its latest revision's classification, never its text.
 * {@code templated} is for responses; {@code dueAt}, {@code answeredBy} and {@code answeredAt} for patient
 * messages.
 */
public record MessageFact(String messageId, int revision, String clinicianId, String patientId, String threadId,
        MessageKind kind, Instant sentAt, LocalDate day, boolean retracted, Long latencySeconds, Long fingerprint,
        boolean templated, Instant dueAt, String answeredBy, Instant answeredAt) {

    public boolean isPatientMessage() {
        return kind == MessageKind.PATIENT_INITIATED || kind == MessageKind.PATIENT_FOLLOW_UP;
    }

    /** A response that counts: not retracted. */
    public boolean isLiveResponse() {
        return kind == MessageKind.PROVIDER_RESPONSE && !retracted;
    }

    public boolean isLivePatientMessage() {
        return isPatientMessage() && !retracted;
    }

    public boolean answeredWithinTarget() {
        return answeredAt != null && dueAt != null && !answeredAt.isAfter(dueAt);
    }

    public MessageFact withAnswer(String by, Instant at) {
        return new MessageFact(messageId, revision, clinicianId, patientId, threadId, kind, sentAt, day, retracted,
                latencySeconds, fingerprint, templated, dueAt, by, at);
    }

    public MessageFact withTemplated(boolean flag) {
        return new MessageFact(messageId, revision, clinicianId, patientId, threadId, kind, sentAt, day, retracted,
                latencySeconds, fingerprint, flag, dueAt, answeredBy, answeredAt);
    }

    public Key dayKey() {
        return new Key(clinicianId, day);
    }

    /** One clinician's clinic-local day. */
    public record Key(String clinicianId, LocalDate day) {
    }
}
