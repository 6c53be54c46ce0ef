package health.rapport.notification.policy.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The one stored nudge policy (id 1), as the JSON document of {@code PUT /api/v1/nudge-policy}. */
@Entity
@Table(name = "nudge_policy")
public class NudgePolicyEntity extends PanacheEntityBase {

    public static final short ID = 1;

    @Id
    public Short id;

    @Column(nullable = false, columnDefinition = "text")
    public String document;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
