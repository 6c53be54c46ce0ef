package health.rapport.notification.nudge.repository;

import health.rapport.events.EngagementTier;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A clinician's latest engagement tier and figures, from {@code engagement.tier-changed}. */
@Entity
@Table(name = "clinician_state")
public class ClinicianStateEntity extends PanacheEntityBase {

    @Id
    @Column(name = "clinician_id")
    public String clinicianId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EngagementTier tier;

    @Column(name = "evaluated_at", nullable = false)
    public Instant evaluatedAt;

    @Column(name = "window_days")
    public Integer windowDays;

    @Column(name = "share_within_target")
    public Double shareWithinTarget;

    @Column(name = "personal_share")
    public Double personalShare;

    @Column(name = "patient_messages")
    public Long patientMessages;
}
