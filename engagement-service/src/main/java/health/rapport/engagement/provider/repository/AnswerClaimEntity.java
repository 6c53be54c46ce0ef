package health.rapport.engagement.provider.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Table {@code answer_claim}: a response's latest revision says it answered this patient message. Kept apart
 * from the facts because a response may arrive before the message it answers (and a revision may move the claim).
 */
@Entity
@Table(name = "answer_claim")
public class AnswerClaimEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "response_id", nullable = false)
    public String responseId;

    @Column(name = "patient_message_id", nullable = false)
    public String patientMessageId;

    public static AnswerClaimEntity of(String responseId, String patientMessageId) {
        AnswerClaimEntity claim = new AnswerClaimEntity();
        claim.id = responseId + ">" + patientMessageId;
        claim.responseId = responseId;
        claim.patientMessageId = patientMessageId;
        return claim;
    }
}
