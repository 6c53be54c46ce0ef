package health.rapport.message.thread.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import health.rapport.events.ParticipantRole;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<MessageEntity, UUID> {

    /** Every message of the threads, retracted ones included: what classification replays. */
    public Uni<List<MessageEntity>> allOf(Collection<UUID> threadIds) {
        if (threadIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("threadId in ?1", threadIds);
    }

    /** The thread's patient messages still waiting for an answer, oldest first (index {@code message_unanswered}). */
    public Uni<List<MessageEntity>> waiting(UUID threadId) {
        return list("threadId = ?1 and senderRole = ?2 and answeredBy is null and retractedAt is null order by sentAt, id",
                threadId, ParticipantRole.PATIENT);
    }

    /** The sent time of the thread's latest visible message, null when it has none. */
    public Uni<Instant> latestVisibleAt(UUID threadId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select max(m.sentAt) from MessageEntity m where m.threadId = :thread and m.retractedAt is null",
                        Instant.class)
                .setParameter("thread", threadId).getSingleResultOrNull());
    }

    /** Whether the message is a visible message of the thread. */
    public Uni<Boolean> isVisibleIn(UUID threadId, UUID messageId) {
        return count("id = ?1 and threadId = ?2 and retractedAt is null", messageId, threadId).map(n -> n > 0);
    }

    /** A page of what readers see of a thread: its messages in time order, retracted ones left out. */
    public Uni<List<MessageEntity>> timeline(UUID threadId, int offset, int size) {
        return find("threadId = ?1 and retractedAt is null order by sentAt, id", threadId)
                .range(offset, offset + size - 1).list();
    }

    public Uni<List<AttachmentEntity>> attachments(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "from AttachmentEntity where messageId in :ids order by messageId, position", AttachmentEntity.class)
                .setParameter("ids", messageIds).getResultList());
    }

    /** Unread messages per thread for one reader: visible messages by others after the reader's last read. */
    public Uni<Map<UUID, Long>> unreadCounts(String readerId, Collection<UUID> threadIds) {
        if (threadIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select m.threadId, count(m) from MessageEntity m where m.threadId in :threads and "
                                + UNREAD + " group by m.threadId", Object[].class)
                .setParameter("threads", threadIds)
                .setParameter("reader", readerId)
                .getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (Long) r[1])));
    }

    /** The reader's unread messages over all their threads: [threads with unread, unread messages]. */
    public Uni<long[]> unreadTotals(String ownerColumn, String readerId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select count(distinct m.threadId), count(m) from MessageEntity m, ThreadEntity t"
                                + " where t.id = m.threadId and t." + ownerColumn + " = :reader and " + UNREAD,
                        Object[].class)
                .setParameter("reader", readerId)
                .getSingleResult())
                .map(row -> new long[] {(Long) row[0], (Long) row[1]});
    }

    /** HQL condition on message {@code m}: not retracted, by someone else, after {@code :reader}'s last read. */
    public static final String UNREAD = "m.retractedAt is null and m.senderId <> :reader and m.sentAt > coalesce("
            + "(select r.lastReadAt from ReadStateEntity r where r.threadId = m.threadId and r.readerId = :reader),"
            + " cast('1970-01-01T00:00:00Z' as Instant))";
}
