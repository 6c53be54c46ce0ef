package health.rapport.engagement.provider.messaging;

import health.rapport.engagement.provider.service.EngagementService;
import health.rapport.events.MessageSent;
import health.rapport.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code rapport.message-events.v1}. Each event is counted once: its id goes into the processed-event
 * log in the transaction that updates the counters. Invalid records go to {@code rapport.message-events.v1.dlq}.
 */
@ApplicationScoped
public class MessageEventConsumer {

    static final String CONSUMER = "engagement-service/message-events";

    private final IdempotentConsumer consumer;
    private final EngagementService engagement;

    public MessageEventConsumer(IdempotentConsumer consumer, EngagementService engagement) {
        this.consumer = consumer;
        this.engagement = engagement;
    }

    @Incoming("message-events")
    public Uni<Void> onEvent(String record) {
        return consumer.consume(CONSUMER, record, event -> event.data() instanceof MessageSent sent
                ? engagement.count(sent) : Uni.createFrom().voidItem()).replaceWithVoid();
    }
}
