package health.rapport.support.messaging;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.EventPayload;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one way Rapport consumes its own events: decode the CloudEvent, then, in one transaction, record its id in
 * the processed-event log and do the work, so a redelivered event changes nothing. A record that is not a valid
 * event fails the returned Uni with {@link health.rapport.events.InvalidEventException}; with the connector's
 * dead-letter strategy that sends it to {@code <topic>.dlq} and the consumer keeps going. Transient failures
 * (the database unreachable) are retried until they pass, so good events never land in the DLQ for them.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final ProcessedEvents processed;

    public IdempotentConsumer(ProcessedEvents processed) {
        this.processed = processed;
    }

    /**
     * @return true when the work ran, false when the event was a repeat
     */
    public Uni<Boolean> consume(String consumer, String record,
            Function<CloudEvent<? extends EventPayload>, Uni<Void>> work) {
        CloudEvent<? extends EventPayload> event;
        try {
            event = EventCodec.fromJson(record);
        } catch (RuntimeException e) {
            LOG.warnf("%s: rejecting a record that is not a valid event (%s)", consumer, e.getMessage());
            return Uni.createFrom().failure(e);
        }
        // The database or network being away is no reason to dead-letter a good event: wait for it, holding the
        // partition so order is kept. Anything else gets a few tries, then the DLQ.
        return RecordBatches.retryingTransientFailures(consumer + ": event " + event.id(),
                        () -> Panache.withTransaction(() -> processed.firstDelivery(consumer, event.id())
                                .flatMap(first -> first ? work.apply(event).replaceWith(true) : Uni.createFrom().item(false))))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(3)
                .invoke(ran -> {
                    if (!ran) {
                        LOG.debugf("%s: event %s already processed; skipped", consumer, event.id());
                    }
                });
    }

    /**
     * Deadlock and serialization failures: PostgreSQL aborted the transaction because of another one, and the
     * same work run again succeeds (batches of several partitions run concurrently and may meet on a row).
     */
    private static final java.util.Set<String> RETRYABLE_SQL_STATES = java.util.Set.of("40P01", "40001");

    /**
     * A failure of reaching the database (or anything over the network), or an abort PostgreSQL chose because of
     * another transaction, as opposed to a failure of the event itself.
     */
    public static boolean isTransient(Throwable failure) {
        // Seen causes are remembered: a cycle of causes (a wraps b wraps a) would otherwise never end.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && RETRYABLE_SQL_STATES.contains(pg.getSqlState())) {
                return true;
            }
            if (cause instanceof IOException || cause instanceof TimeoutException
                    || cause.getClass().getName().startsWith("io.vertx.sqlclient.ClosedConnection")
                    || cause.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
