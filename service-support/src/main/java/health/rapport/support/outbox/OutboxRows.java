package health.rapport.support.outbox;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The outbox rows of a batch of events, written with one multi-row INSERT per {@value #ROWS_PER_STATEMENT} events
 * instead of one INSERT (and one round trip) per event: the rows are exactly those {@code Outbox.enqueue} writes
 * (topic of the event type, the subject as record key, the CloudEvent JSON, now), in the same transaction, and
 * their ids follow the events' order, which is the order the relay publishes them in. A batch of 500 EHR
 * Communications has 500 or more events, so this is what keeps a batch from waiting on the database once per
 * event.
 */
final class OutboxRows {

    static final int ROWS_PER_STATEMENT = 1_000;
    private static final int COLUMNS = 6;

    private OutboxRows() {
    }

    /**
     * The rows of any number of events in one statement, the columns bound as arrays; {@code order by} the
     * position makes the ids follow the events' order.
     */
    private static final String INSERT_UNNESTED = "insert into outbox_event (event_id, topic, record_key, event_type,"
            + " payload, created_at) select event_id, topic, record_key, event_type, payload, created_at"
            + " from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::timestamptz[])"
            + " with ordinality as e (event_id, topic, record_key, event_type, payload, created_at, position)"
            + " order by position";

    /** The same rows over a connection of the reactive pool, for work that runs its transaction there. */
    static Uni<Void> enqueueAll(SqlConnection connection, List<? extends CloudEvent<?>> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < n; i++) {
            CloudEvent<?> event = events.get(i);
            ids[i] = event.id();
            topics[i] = EventType.ofCeType(event.type()).orElseThrow().topic();
            keys[i] = event.subject();
            types[i] = event.type();
            payloads[i] = EventCodec.toJson(event);
            created[i] = now;
        }
        return connection.preparedQuery(INSERT_UNNESTED)
                .execute(Tuple.from(List.<Object>of(ids, topics, keys, types, payloads, created)))
                .replaceWithVoid();
    }

    static Uni<Void> enqueueAll(List<? extends CloudEvent<?>> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Instant now = Instant.now();
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            List<? extends CloudEvent<?>> part = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
            chain = chain.flatMap(ignored -> insert(part, now));
        }
        return chain;
    }

    /** {@code insert ... values (?1, ?2, ?3, ?4, ?5, ?6), (?7, ...)}: the statement for {@code rows} rows. */
    static String sql(int rows) {
        StringBuilder sql = new StringBuilder(64 + rows * 40)
                .append("insert into outbox_event (event_id, topic, record_key, event_type, payload, created_at) values ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 1; c <= COLUMNS; c++) {
                sql.append(c == 1 ? "?" : ", ?").append(r * COLUMNS + c);
            }
            sql.append(')');
        }
        return sql.toString();
    }

    private static Uni<Void> insert(List<? extends CloudEvent<?>> events, Instant now) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql(events.size()));
            int p = 0;
            for (CloudEvent<?> event : events) {
                query.setParameter(++p, event.id());
                query.setParameter(++p, EventType.ofCeType(event.type()).orElseThrow().topic());
                query.setParameter(++p, event.subject());
                query.setParameter(++p, event.type());
                query.setParameter(++p, EventCodec.toJson(event));
                query.setParameter(++p, now);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
