package health.rapport.message.thread.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** An attachment reference of a message (never its bytes). */
@Entity
@Table(name = "attachment")
@IdClass(AttachmentEntity.Key.class)
public class AttachmentEntity {

    @Id
    @Column(name = "message_id")
    public UUID messageId;

    @Id
    public short position;

    @Column(name = "content_type")
    public String contentType;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    public String sha256;

    public String url;

    @Column(name = "ehr_reference")
    public String ehrReference;

    /** The composite primary key. */
    public static class Key implements Serializable {
        public UUID messageId;
        public short position;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(messageId, key.messageId) && position == key.position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(messageId, position);
        }
    }
}
