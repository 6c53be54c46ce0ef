package health.rapport.message.thread.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "thread")
public class ThreadEntity {

    public enum Status { OPEN, CLOSED }

    public enum Origin { PORTAL, EHR }

    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public String patientId;

    @Column(name = "clinician_id", nullable = false)
    public String clinicianId;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false)
    public String category;

    @Column(nullable = false)
    public String priority;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Origin origin;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_message_at", nullable = false)
    public Instant lastMessageAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    /** The EHR's identifier of the thread; null for threads opened in a portal. */
    @Column(name = "external_key")
    public String externalKey;
}
