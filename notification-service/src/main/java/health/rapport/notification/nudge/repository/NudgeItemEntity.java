package health.rapport.notification.nudge.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One overdue patient message of a digest (its id only), and when it was answered. */
@Entity
@Table(name = "nudge_item")
public class NudgeItemEntity extends PanacheEntityBase {

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "nudge_id")
        public String nudgeId;

        @Column(name = "message_id")
        public String messageId;

        public Key() {
        }

        public Key(String nudgeId, String messageId) {
            this.nudgeId = nudgeId;
            this.messageId = messageId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && nudgeId.equals(key.nudgeId) && messageId.equals(key.messageId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(nudgeId, messageId);
        }
    }

    @EmbeddedId
    public Key id;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    public static NudgeItemEntity of(String nudgeId, String messageId, Instant receivedAt) {
        NudgeItemEntity item = new NudgeItemEntity();
        item.id = new Key(nudgeId, messageId);
        item.receivedAt = receivedAt;
        return item;
    }
}
