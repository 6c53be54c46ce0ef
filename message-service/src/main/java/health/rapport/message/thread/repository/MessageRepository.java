package health.rapport.message.thread.repository;

import health.rapport.events.ParticipantRole;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<MessageEntity, UUID> {

    /** The thread's patient messages still waiting for a clinician, oldest first. */
    public Uni<List<MessageEntity>> unanswered(UUID threadId) {
        return find("threadId = :thread and senderRole = :role and answeredBy is null order by sentAt, id",
                Parameters.with("thread", threadId).and("role", ParticipantRole.PATIENT)).list();
    }

    public Uni<List<MessageEntity>> timeline(UUID threadId, int offset, int size) {
        return find("threadId = ?1 order by sentAt, id", threadId).range(offset, offset + size - 1).list();
    }

    /** Unread messages per thread for one reader: messages by others after the reader's last read. */
    public Uni<Map<UUID, Long>> unreadCounts(String readerId, Collection<UUID> threadIds) {
        if (threadIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select m.threadId, count(m) from MessageEntity m where m.threadId in :threads"
                                + " and m.senderId <> :reader and m.sentAt > coalesce((select r.lastReadAt from"
                                + " ReadStateEntity r where r.threadId = m.threadId and r.readerId = :reader),"
                                + " cast('1970-01-01T00:00:00Z' as Instant)) group by m.threadId", Object[].class)
                .setParameter("threads", threadIds)
                .setParameter("reader", readerId)
                .getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (Long) r[1])));
    }
}
