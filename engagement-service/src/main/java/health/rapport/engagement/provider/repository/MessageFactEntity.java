package health.rapport.engagement.provider.repository;

import health.rapport.engagement.provider.service.MessageFact;
import health.rapport.events.MessageKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** Table {@code message_fact}: a message at its highest revision (see {@link MessageFact}). */
@Entity
@Table(name = "message_fact")
public class MessageFactEntity extends PanacheEntityBase {

    @Id
    @Column(name = "message_id")
    public String messageId;

    @Column(nullable = false)
    public int revision;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "clinician_id", nullable = false)
    public String clinicianId;

    @Column(name = "patient_id", nullable = false)
    public String patientId;

    @Column(name = "thread_id", nullable = false)
    public String threadId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MessageKind kind;

    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;

    @Column(nullable = false)
    public LocalDate day;

    @Column(nullable = false)
    public boolean retracted;

    @Column(name = "latency_seconds")
    public Long latencySeconds;

    public Long fingerprint;

    public Boolean templated;

    @Column(name = "due_at")
    public Instant dueAt;

    @Column(name = "answered_by")
    public String answeredBy;

    @Column(name = "answered_at")
    public Instant answeredAt;

    /** When a ReplyOverdue went out for this patient message. */
    @Column(name = "overdue_signalled_at")
    public Instant overdueSignalledAt;

    public MessageFact toFact() {
        return new MessageFact(messageId, revision, clinicianId, patientId, threadId, kind, sentAt, day, retracted,
                latencySeconds, fingerprint, Boolean.TRUE.equals(templated), dueAt, answeredBy, answeredAt);
    }
}
