package health.rapport.notification.nudge.repository;

import health.rapport.events.NudgeKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One nudge decided for a clinician and what became of it. Only counts, ages and shares are kept: never a patient,
 * a message or its text.
 */
@Entity
@Table(name = "nudge")
public class NudgeEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "clinician_id", nullable = false)
    public String clinicianId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NudgeKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NudgeStatus status;

    /** Why it was skipped, suppressed, deferred or failed, in words for operators. */
    public String reason;

    @Column(name = "cause_event_id", nullable = false)
    public String causeEventId;

    /** The recipient's time zone at decision time: quiet hours and working days are checked in it. */
    @Column(nullable = false)
    public String zone;

    @Column(name = "deliver_at", nullable = false)
    public Instant deliverAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "snoozed_until")
    public Instant snoozedUntil;

    /** Overdue replies in the digest (OVERDUE_REPLIES); ignored nudges for an ESCALATION. */
    @Column(name = "item_count", nullable = false)
    public int itemCount;

    /** When the oldest overdue message of the digest arrived. */
    @Column(name = "oldest_waiting_since")
    public Instant oldestWaitingSince;

    @Column(name = "window_days")
    public Integer windowDays;

    @Column(name = "share_within_target")
    public Double shareWithinTarget;

    @Column(name = "personal_share")
    public Double personalShare;

    @Column(name = "patient_messages")
    public Long patientMessages;

    @Column(name = "ignored_nudges")
    public Integer ignoredNudges;
}
