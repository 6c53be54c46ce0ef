package health.rapport.message.thread.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** How far one reader has read one thread. */
@Entity
@Table(name = "read_state")
@IdClass(ReadStateEntity.Key.class)
public class ReadStateEntity {

    @Id
    @Column(name = "thread_id")
    public UUID threadId;

    @Id
    @Column(name = "reader_id")
    public String readerId;

    @Column(name = "last_read_at", nullable = false)
    public Instant lastReadAt;

    @Column(name = "last_read_message_id")
    public UUID lastReadMessageId;

    /** The composite primary key. */
    public static class Key implements Serializable {
        public UUID threadId;
        public String readerId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(threadId, key.threadId)
                    && java.util.Objects.equals(readerId, key.readerId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(threadId, readerId);
        }
    }
}
