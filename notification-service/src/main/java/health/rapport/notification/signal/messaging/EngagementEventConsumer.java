package health.rapport.notification.signal.messaging;

import health.rapport.notification.nudge.service.NudgeDecisions;
import health.rapport.notification.signal.service.SignalService;
import health.rapport.support.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code rapport.engagement-events.v1} idempotently: in one transaction the event id goes into
 * {@code processed_event}, the signal into {@code engagement_signal}, and the nudge decision (nudges, deliveries,
 * {@code nudge.scheduled} events in the outbox) is made. Invalid records go to {@code rapport.engagement-events.v1.dlq}.
 */
@ApplicationScoped
public class EngagementEventConsumer {

    static final String CONSUMER = "notification-service/engagement-events";

    private final IdempotentConsumer consumer;
    private final SignalService signals;
    private final NudgeDecisions decisions;

    public EngagementEventConsumer(IdempotentConsumer consumer, SignalService signals, NudgeDecisions decisions) {
        this.consumer = consumer;
        this.signals = signals;
        this.decisions = decisions;
    }

    @Incoming("engagement-events")
    public Uni<Void> onEvent(String record) {
        return consumer.consume(CONSUMER, record,
                event -> signals.record(event).flatMap(v -> decisions.decide(event))).replaceWithVoid();
    }
}
