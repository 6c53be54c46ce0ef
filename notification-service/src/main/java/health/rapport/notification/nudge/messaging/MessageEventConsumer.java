package health.rapport.notification.nudge.messaging;

import health.rapport.events.MessageSent;
import health.rapport.notification.nudge.service.NudgeDecisions;
import health.rapport.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code rapport.message-events.v1} for one fact: which patient messages a provider response answered, so
 * waiting digests shrink or are suppressed. Other events are acknowledged and ignored; invalid records go to
 * {@code rapport.message-events.v1.dlq}.
 */
@ApplicationScoped
public class MessageEventConsumer {

    static final String CONSUMER = "notification-service/message-events";

    private final IdempotentConsumer consumer;
    private final NudgeDecisions decisions;

    public MessageEventConsumer(IdempotentConsumer consumer, NudgeDecisions decisions) {
        this.consumer = consumer;
        this.decisions = decisions;
    }

    @Incoming("message-events")
    public Uni<Void> onEvent(String record) {
        return consumer.consume(CONSUMER, record, event -> event.data() instanceof MessageSent sent
                ? decisions.answered(sent) : Uni.createFrom().voidItem()).replaceWithVoid();
    }
}
