package health.rapport.support.outbox;

import health.rapport.events.CloudEvent;
import io.quarkus.scheduler.Scheduled;
import health.rapport.support.vertx.SafeContexts;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka and deletes them once acknowledged, in one transaction per batch.
 *
 * <p>Ordering: a transaction-scoped advisory lock lets one relay (of any replica) work at a time, and rows go
 * out in id order, so one clinician's events keep their order on their partition. Delivery is at-least-once: a
 * crash after Kafka acknowledged but before the delete commits publishes the batch again, with the same
 * CloudEvents ids, and consumers drop the repeats. While Kafka is down, batches fail and stay in the table.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock within the service's database. */
    private static final long RELAY_LOCK = 0x5241_5050_4f52_5401L;

    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final OutboxLag lag;
    private final Pool pool;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, Vertx vertx, OutboxLag lag, Pool pool,
            @ConfigProperty(name = "rapport.outbox.batch-size", defaultValue = "200") int batchSize) {
        this.emitter = emitter;
        this.vertx = vertx;
        this.lag = lag;
        this.pool = pool;
        this.batchSize = batchSize;
    }

    @Scheduled(every = "${rapport.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wakeUp();
    }

    /** Runs the relay on a fresh Vert.x context unless it is running; a run in progress goes round again. */
    public void wakeUp() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        Context context = SafeContexts.fresh(vertx);
        context.runOnContext(ignored -> drain(context));
    }

    private void drain(Context context) {
        again.set(false);
        relayBatch(context).subscribe().with(published -> {
            if (published >= batchSize || again.get()) {
                drain(context);
            } else {
                finish();
            }
        }, failure -> {
            LOG.warnf("outbox relay: batch not published (%s); retrying at the next poll", failure.toString());
            lag.batchFailed();
            finish();
        });
    }

    private void finish() {
        running.set(false);
        if (again.getAndSet(false)) {
            wakeUp();
        }
    }

    /** The next batch in order, if this transaction holds the relay lock (one relay at a time over all replicas). */
    private static final String NEXT_BATCH = "select o.id, o.event_id, o.topic, o.record_key, o.event_type, o.payload"
            + " from outbox_event o, (select pg_try_advisory_xact_lock(" + RELAY_LOCK + ") as locked) relay"
            + " where relay.locked order by o.id limit $1";
    private static final String DELETE = "delete from outbox_event where id = any($1::bigint[])";

    private record Row(long id, String eventId, String topic, String recordKey, String eventType, String payload) {
    }

    /**
     * Publishes one batch; emits how many rows went out. Three statements over the reactive pool, not the ORM: the
     * relay runs after every committed change, so its own cost is paid once per request or batch.
     */
    Uni<Integer> relayBatch(Context context) {
        return pool.withTransaction(connection -> connection.preparedQuery(NEXT_BATCH).execute(Tuple.of(batchSize))
                .flatMap(result -> {
                    List<Row> rows = new ArrayList<>(result.size());
                    result.forEach(r -> rows.add(new Row(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                            r.getString(4), r.getString(5))));
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
                    return publish(rows, context)
                            .flatMap(ignored -> connection.preparedQuery(DELETE).execute(Tuple.of((Object) ids)))
                            .flatMap(ignored -> lag.afterPublished(connection, rows.size()))
                            .replaceWith(rows.size());
                }));
    }

    private Uni<Void> publish(List<Row> rows, Context context) {
        List<Uni<Void>> sends = rows.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast()
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .replaceWithVoid();
    }

    private Uni<Void> send(Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", row.eventId().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", row.eventType().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic())
                .withKey(row.recordKey())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(row.payload()).addMetadata(metadata));
    }
}
