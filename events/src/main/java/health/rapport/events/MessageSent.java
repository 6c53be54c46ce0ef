package health.rapport.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A message was added to a thread. Carries ids, kind, times and a fingerprint of the text, never the text.
 *
 * @param responseLatencySeconds for {@link MessageKind#PROVIDER_RESPONSE}: seconds since the oldest unanswered
 *                               patient message; otherwise absent
 * @param answeredMessageIds     for {@link MessageKind#PROVIDER_RESPONSE}: the patient messages this one answers
 * @param textFingerprint        64-bit SimHash of the normalised text, 16 lower-case hex digits
 * @param revision               1 for the first event of a message; higher when a later event about the same
 *                               {@code messageId} supersedes it (reclassified after EHR history arrived out of
 *                               order, or retracted). Consumers keep the highest revision per message. Absent: 1
 * @param retracted              true when the message was entered in error: it no longer counts; absent: false
 * @param attachmentCount        how many attachment references the message carries; absent: 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageSent(
        String messageId,
        String threadId,
        String patientId,
        String clinicianId,
        String senderId,
        ParticipantRole senderRole,
        MessageKind kind,
        String origin,
        String category,
        String priority,
        Instant sentAt,
        String inResponseTo,
        Long responseLatencySeconds,
        java.util.List<String> answeredMessageIds,
        String textFingerprint,
        int textLength,
        Integer revision,
        Boolean retracted,
        Integer attachmentCount) implements EventPayload {

    /** A first revision, not retracted, without attachments. */
    public MessageSent(String messageId, String threadId, String patientId, String clinicianId, String senderId,
            ParticipantRole senderRole, MessageKind kind, String origin, String category, String priority,
            Instant sentAt, String inResponseTo, Long responseLatencySeconds, java.util.List<String> answeredMessageIds,
            String textFingerprint, int textLength) {
        this(messageId, threadId, patientId, clinicianId, senderId, senderRole, kind, origin, category, priority,
                sentAt, inResponseTo, responseLatencySeconds, answeredMessageIds, textFingerprint, textLength, 1,
                null, null);
    }

    /** The revision, 1 when absent. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int effectiveRevision() {
        return revision == null ? 1 : revision;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRetracted() {
        return Boolean.TRUE.equals(retracted);
    }

    @Override
    public String subject() {
        return clinicianId;
    }
}
