package health.rapport.notification.signal.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An engagement event about a clinician (tier change, overdue reply), kept as the input of nudge decisions. */
@Entity
@Table(name = "engagement_signal")
public class EngagementSignalEntity extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "clinician_id", nullable = false)
    public String clinicianId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
