package health.rapport.engagement.tier.repository;

import health.rapport.events.EngagementTier;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Table {@code clinician}: where a clinician's events arrive and what its last evaluation said. */
@Entity
@Table(name = "clinician")
public class ClinicianEntity extends PanacheEntityBase {

    @Id
    @Column(name = "clinician_id")
    public String clinicianId;

    @Column(name = "kafka_partition", nullable = false)
    public int kafkaPartition;

    @Column(nullable = false)
    public boolean dirty;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EngagementTier tier;

    @Column(name = "tier_since", nullable = false)
    public Instant tierSince;

    @Column(name = "evaluated_at")
    public Instant evaluatedAt;

    @Column(name = "share_within_target")
    public Double shareWithinTarget;

    @Column(name = "personal_share")
    public Double personalShare;

    @Column(name = "patient_messages", nullable = false)
    public long patientMessages;

    @Column(nullable = false)
    public long judged;
}
