package health.rapport.message.thread.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ThreadRepository implements PanacheRepositoryBase<ThreadEntity, UUID> {

    /** Loads a thread and locks it, so that concurrent messages on one thread get their kinds in order. */
    public Uni<ThreadEntity> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** What a list of threads may be narrowed to; null fields do not narrow. */
    public record Filter(ThreadEntity.Status status, String category, boolean unreadOnly) {
    }

    /**
     * One page of a participant's threads, newest first; {@code afterTime/afterId} is the last row of the previous
     * page. {@code ownerColumn} is {@code patientId} or {@code clinicianId}, chosen by the caller's role, never by
     * input; {@code reader} is whose unread state {@code unreadOnly} means (null for ops, who read nothing).
     */
    public Uni<List<ThreadEntity>> page(String ownerColumn, String personId, String reader, Filter filter,
            Instant afterTime, UUID afterId, int size) {
        StringBuilder query = new StringBuilder("from ThreadEntity t where t." + ownerColumn + " = :person");
        Parameters parameters = Parameters.with("person", personId);
        if (filter.status() != null) {
            query.append(" and t.status = :status");
            parameters.and("status", filter.status());
        }
        if (filter.category() != null) {
            query.append(" and t.category = :category");
            parameters.and("category", filter.category());
        }
        if (filter.unreadOnly() && reader != null) {
            query.append(" and exists (select 1 from MessageEntity m where m.threadId = t.id and ")
                    .append(MessageRepository.UNREAD).append(")");
            parameters.and("reader", reader);
        }
        if (afterTime != null) {
            query.append(" and (t.lastMessageAt < :time or (t.lastMessageAt = :time and t.id < :id))");
            parameters.and("time", afterTime).and("id", afterId);
        }
        query.append(" order by t.lastMessageAt desc, t.id desc");
        return find(query.toString(), parameters).page(0, size).list();
    }

    /** A thread the idle sweep closed: who it was between. */
    public record Closed(UUID id, String patientId, String clinicianId) {
    }

    /**
     * Closes up to {@code limit} open threads idle since before {@code cutoff}, oldest first, in one statement on
     * the transaction of {@code connection}; replicas (and EHR batches holding a thread) are skipped, not waited
     * for. A statement rather than entities: after an EHR history import, tens of thousands of threads are idle
     * at once, and an entity per thread kept their locks long enough to stall the import.
     */
    public Uni<List<Closed>> closeIdle(SqlConnection connection, Instant cutoff, Instant now, int limit) {
        return connection.preparedQuery("update thread t set status = 'CLOSED', closed_at = $2 from (select id"
                        + " from thread where status = 'OPEN' and last_message_at < $1 order by last_message_at"
                        + " limit $3 for update skip locked) idle where t.id = idle.id"
                        + " returning t.id, t.patient_id, t.clinician_id")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<Closed> closed = new ArrayList<>(rows.size());
                    rows.forEach(r -> closed.add(new Closed(r.getUUID(0), r.getString(1), r.getString(2))));
                    return closed;
                });
    }
}
