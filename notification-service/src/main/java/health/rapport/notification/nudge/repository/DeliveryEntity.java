package health.rapport.notification.nudge.repository;

import health.rapport.events.NudgeChannel;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One channel of a nudge: the delivery worker's unit of work, with its attempts and outcome. */
@Entity
@Table(name = "nudge_delivery")
public class DeliveryEntity extends PanacheEntityBase {

    public enum Status {
        /** Waiting for {@code dueAt}. */
        PENDING,
        /** An attempt was recorded and is (or was, before a crash) under way; due again at {@code dueAt}. */
        SENDING,
        DELIVERED,
        /** Failed for good after the policy's last attempt. */
        FAILED,
        /** Not sent: its nudge was suppressed or opted out. */
        SUPPRESSED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "nudge_id", nullable = false)
    public String nudgeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NudgeChannel channel;

    /** An e-mail address, a webhook URL, or the clinician id for the in-app inbox. */
    @Column(nullable = false)
    public String recipient;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
