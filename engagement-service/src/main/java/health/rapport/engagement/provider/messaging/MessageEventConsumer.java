package health.rapport.engagement.provider.messaging;

import health.rapport.engagement.provider.service.EngagementLedger;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.InvalidEventException;
import health.rapport.events.MessageSent;
import health.rapport.events.Topics;
import health.rapport.support.messaging.DeadLetters;
import health.rapport.support.messaging.IdempotentConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code rapport.message-events.v1} in batches, one transaction per batch. Records that are not valid
 * events go to {@code rapport.message-events.v1.dlq} with the reason; {@code message.sent} events feed the
 * {@link EngagementLedger}; other event types are acknowledged and left (no counter depends on them yet).
 * Offsets are committed after the transaction, so a crash replays the batch, and the ledger's revision rule makes
 * the replay change nothing.
 */
@ApplicationScoped
public class MessageEventConsumer {

    private static final Logger LOG = Logger.getLogger(MessageEventConsumer.class);

    private final EngagementLedger ledger;
    private final MutinyEmitter<String> deadLetters;
    private final Counter applied;
    private final Counter unchanged;
    private final Counter rejected;

    public MessageEventConsumer(EngagementLedger ledger, @Channel("message-events-dlq") MutinyEmitter<String> deadLetters,
            MeterRegistry registry) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.applied = registry.counter("rapport.engagement.message.events", "outcome", "applied");
        this.unchanged = registry.counter("rapport.engagement.message.events", "outcome", "unchanged");
        this.rejected = registry.counter("rapport.engagement.message.events", "outcome", "dead-lettered");
    }

    @Incoming("message-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        List<CloudEvent<MessageSent>> events = new ArrayList<>();
        List<KafkaRecord<String, String>> eventRecords = new ArrayList<>();
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            try {
                CloudEvent<?> event = EventCodec.fromJson(record.getPayload());
                if (event.data() instanceof MessageSent) {
                    @SuppressWarnings("unchecked")
                    CloudEvent<MessageSent> sent = (CloudEvent<MessageSent>) event;
                    events.add(sent);
                    eventRecords.add(record);
                }
            } catch (InvalidEventException | IllegalArgumentException | NullPointerException e) {
                dead.add(new DeadLetters.DeadLetter(record, "not a valid Rapport event: " + e.getMessage()));
            }
        }
        java.util.Map<String, Integer> partitions = new java.util.HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            partitions.put(events.get(i).data().clinicianId(), eventRecords.get(i).getPartition());
        }
        return applyRetryingTransientFailures(events, partitions)
                .onFailure().recoverWithUni(failure -> oneByOne(events, eventRecords, partitions, dead, failure))
                .invoke(changed -> {
                    applied.increment(changed);
                    unchanged.increment(events.size() - changed);
                })
                .flatMap(ignored -> DeadLetters.send(deadLetters, Topics.deadLetterOf(Topics.MESSAGE_EVENTS), dead))
                .invoke(() -> rejected.increment(dead.size()))
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** A batch that failed for a reason of its own: find the event that did it by applying one at a time. */
    private Uni<Integer> oneByOne(List<CloudEvent<MessageSent>> events, List<KafkaRecord<String, String>> records,
            java.util.Map<String, Integer> partitions, List<DeadLetters.DeadLetter> dead, Throwable failure) {
        LOG.warnf("message-event batch of %d failed (%s); applying its events one by one", events.size(),
                failure.toString());
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (int i = 0; i < events.size(); i++) {
            CloudEvent<MessageSent> event = events.get(i);
            KafkaRecord<String, String> record = records.get(i);
            chain = chain.flatMap(total -> applyRetryingTransientFailures(List.of(event), partitions).map(n -> total + n)
                    .onFailure().recoverWithItem(single -> {
                        LOG.warnf("event %s failed (%s); dead-lettered", event.id(), single.toString());
                        dead.add(new DeadLetters.DeadLetter(record, "processing failed: "
                                + single.getClass().getSimpleName()));
                        return total;
                    }));
        }
        return chain;
    }

    private Uni<Integer> applyRetryingTransientFailures(List<CloudEvent<MessageSent>> events,
            java.util.Map<String, Integer> partitions) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // The database being away is no reason to dead-letter good events: wait for it, holding the partitions.
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> ledger.apply(events, partitions)))
                .onFailure(IdempotentConsumer::isTransient)
                .invoke(f -> LOG.warnf("message-event batch not applied yet (%s); retrying", f.toString()))
                .onFailure(IdempotentConsumer::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }
}
