package health.rapport.notification.nudge.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A clinician's own choices: opted out of nudges (escalations excepted), snoozed until a time. */
@Entity
@Table(name = "clinician_preference")
public class PreferenceEntity extends PanacheEntityBase {

    @Id
    @Column(name = "clinician_id")
    public String clinicianId;

    @Column(name = "opted_out", nullable = false)
    public boolean optedOut;

    @Column(name = "snoozed_until")
    public Instant snoozedUntil;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
