package health.rapport.support.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The processed-event log of an idempotent consumer (as in Debezium's outbox example): call
 * {@link #firstDelivery} inside the transaction that does the work; a repeat of the same event id is
 * reported as such and the caller skips the work. Table {@code processed_event(consumer, event_id, processed_at)}
 * comes from this module's migration {@code db/rapport-support/V0_1__outbox_and_processed_event.sql}.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** True when this consumer sees {@code eventId} for the first time; records it in the current transaction. */
    public Uni<Boolean> firstDelivery(String consumer, String eventId) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("insert into processed_event (consumer, event_id, processed_at) "
                        + "values (:consumer, :eventId, now()) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }
}
