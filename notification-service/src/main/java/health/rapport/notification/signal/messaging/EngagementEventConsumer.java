package health.rapport.notification.signal.messaging;

import health.rapport.notification.signal.service.SignalService;
import health.rapport.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code rapport.engagement-events.v1} idempotently; invalid records go to
 * {@code rapport.engagement-events.v1.dlq}.
 */
@ApplicationScoped
public class EngagementEventConsumer {

    static final String CONSUMER = "notification-service/engagement-events";

    private final IdempotentConsumer consumer;
    private final SignalService signals;

    public EngagementEventConsumer(IdempotentConsumer consumer, SignalService signals) {
        this.consumer = consumer;
        this.signals = signals;
    }

    @Incoming("engagement-events")
    public Uni<Void> onEvent(String record) {
        return consumer.consume(CONSUMER, record, signals::record).replaceWithVoid();
    }
}
