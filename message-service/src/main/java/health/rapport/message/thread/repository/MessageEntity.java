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
}
