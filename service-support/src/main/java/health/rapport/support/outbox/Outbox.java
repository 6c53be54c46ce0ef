package health.rapport.support.outbox;

import health.rapport.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Where services put the events of a change: call {@link #enqueue} inside the change's transaction, so the
 * event exists exactly when the change does. {@link OutboxRelay} takes it to Kafka.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Adds the event to the current transaction; the record key is the event's subject (the clinician). */
    public Uni<Void> enqueue(CloudEvent<?> event) {
        return OutboxRows.enqueueAll(List.of(event));
    }

    /** Adds the events to the current transaction, in order, with one INSERT per thousand events. */
    public Uni<Void> enqueueAll(List<? extends CloudEvent<?>> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem() : OutboxRows.enqueueAll(events);
    }

    /** Adds the events to the transaction running on {@code connection} (of the reactive pool), in order. */
    public Uni<Void> enqueueAll(SqlConnection connection, List<? extends CloudEvent<?>> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem() : OutboxRows.enqueueAll(connection, events);
    }

    /** Asks the relay to publish now rather than at its next poll; call after the transaction committed. */
    public void flushSoon() {
        relay.wakeUp();
    }
}
