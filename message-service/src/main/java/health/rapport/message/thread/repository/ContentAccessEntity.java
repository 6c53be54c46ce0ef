package health.rapport.message.thread.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One read of message content: who read which thread when. The audit trail of minimum-necessary access. */
@Entity
@Table(name = "content_access")
public class ContentAccessEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "thread_id", nullable = false)
    public UUID threadId;

    @Column(name = "reader_ref", nullable = false)
    public String readerRef;

    @Column(name = "accessed_at", nullable = false)
    public Instant accessedAt;

    /** Why: the route that returned the content, for example {@code GET /api/v1/threads/{id}}. */
    @Column(nullable = false)
    public String purpose;
}
