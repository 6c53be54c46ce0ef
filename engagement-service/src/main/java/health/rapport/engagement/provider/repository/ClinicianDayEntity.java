package health.rapport.engagement.provider.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;

/** Table {@code clinician_day}: one clinician-day's counters, recomputed from its facts. */
@Entity
@Table(name = "clinician_day")
@IdClass(ClinicianDayEntity.Key.class)
public class ClinicianDayEntity extends PanacheEntityBase {

    @Id
    @Column(name = "clinician_id")
    public String clinicianId;

    @Id
    public LocalDate day;

    @Column(name = "patient_initiated", nullable = false)
    public int patientInitiated;

    @Column(name = "provider_initiated", nullable = false)
    public int providerInitiated;

    @Column(name = "provider_response", nullable = false)
    public int providerResponse;

    @Column(name = "patient_follow_up", nullable = false)
    public int patientFollowUp;

    @Column(name = "provider_follow_up", nullable = false)
    public int providerFollowUp;

    @Column(nullable = false)
    public int answered;

    @Column(name = "answered_within_target", nullable = false)
    public int answeredWithinTarget;

    @Column(name = "personal_responses", nullable = false)
    public int personalResponses;

    @Column(name = "templated_responses", nullable = false)
    public int templatedResponses;

    /** Sparse latency histogram, {@code bucket:count} pairs joined by commas (LatencyHistogram's buckets). */
    @Column(name = "latency_histogram", nullable = false)
    public String latencyHistogram;

    public static class Key implements Serializable {
        public String clinicianId;
        public LocalDate day;

        public Key() {
        }

        public Key(String clinicianId, LocalDate day) {
            this.clinicianId = clinicianId;
            this.day = day;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.clinicianId.equals(clinicianId) && k.day.equals(day);
        }

        @Override
        public int hashCode() {
            return clinicianId.hashCode() * 31 + day.hashCode();
        }
    }
}
