package health.rapport.message.thread.repository;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "message")
public class MessageEntity {

    @Id
    public UUID id;

    @Column(name = "thread_id", nullable = false)
    public UUID threadId;

    @Column(name = "sender_id", nullable = false)
    public String senderId;

    @Enumerated(EnumType.STRING)
    @Column(name = "sender_role", nullable = false)
    public ParticipantRole senderRole;

    @Column(nullable = false, columnDefinition = "text")
    public String body;

    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MessageKind kind;

    @Column(name = "in_response_to")
    public UUID inResponseTo;

    @Column(name = "text_fingerprint", nullable = false)
    public long textFingerprint;

    /** For patient messages: the clinician message that answered it; null while unanswered. */
    @Column(name = "answered_by")
    public UUID answeredBy;

    /** For responses: seconds since the oldest patient message it answers. */
    @Column(name = "response_latency_seconds")
    public Long responseLatencySeconds;

    /** The EHR's identity of the message ("system|value" of its identifier, else Communication/id). */
    @Column(name = "external_key")
    public String externalKey;

    @Column(name = "fhir_id")
    public String fhirId;

    @Column(name = "fhir_version")
    public String fhirVersion;

    /** Entered in error: kept for audit, hidden from readers, no longer counted. */
    @Column(name = "retracted_at")
    public Instant retractedAt;

    /** The revision of the message's latest event. */
    @Column(nullable = false)
    public int revision = 1;

    @Column(name = "attachment_count", nullable = false)
    public int attachmentCount;

    public boolean retracted() {
        return retractedAt != null;
    }
}
