package health.rapport.engagement.provider.messaging;

import health.rapport.engagement.provider.repository.LedgerStatistics;
import health.rapport.engagement.provider.service.EngagementLedger;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageSent;
import health.rapport.events.Topics;
import health.rapport.support.messaging.DeadLetters;
import health.rapport.support.messaging.RecordBatches;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code rapport.message-events.v1} in batches, one transaction per batch. Records that are not valid
 * events go to {@code rapport.message-events.v1.dlq} with the reason; {@code message.sent} events feed the
 * {@link EngagementLedger}; other event types are acknowledged and left (no counter depends on them yet).
 * Offsets are committed after the transaction, so a crash replays the batch, and the ledger's revision rule makes
 * the replay change nothing.
 */
@ApplicationScoped
public class MessageEventConsumer {

    private final EngagementLedger ledger;
    private final LedgerStatistics statistics;
    private final Pool pool;
    private final MutinyEmitter<String> deadLetters;
    private final Counter applied;
    private final Counter unchanged;
    private final Counter rejected;

    public MessageEventConsumer(EngagementLedger ledger, LedgerStatistics statistics, Pool pool,
            @Channel("message-events-dlq") MutinyEmitter<String> deadLetters, MeterRegistry registry) {
        this.ledger = ledger;
        this.statistics = statistics;
        this.pool = pool;
        this.deadLetters = deadLetters;
        this.applied = registry.counter("rapport.engagement.message.events", "outcome", "applied");
        this.unchanged = registry.counter("rapport.engagement.message.events", "outcome", "unchanged");
        this.rejected = registry.counter("rapport.engagement.message.events", "outcome", "dead-lettered");
    }

    /** A message.sent event and the record it came in. */
    private record Received(CloudEvent<MessageSent> event, KafkaRecord<String, String> record) {
    }

    @Incoming("message-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Received> received = new ArrayList<>();
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                CloudEvent<?> event = EventCodec.fromJson(record.getPayload());
                if (event.data() instanceof MessageSent sent) {
                    @SuppressWarnings("unchecked")
                    CloudEvent<MessageSent> typed = (CloudEvent<MessageSent>) event;
                    received.add(new Received(typed, record));
                    partitions.put(sent.clinicianId(), record.getPartition());
                }
            } catch (RuntimeException e) {
                // EventCodec says why in an InvalidEventException; anything else that cannot be decoded is poison too.
                dead.add(new DeadLetters.DeadLetter(record, "not a valid Rapport event: " + e.getMessage()));
            }
        }
        return RecordBatches.applyIsolatingFailures("message events", received,
                        some -> pool.withTransaction(connection -> ledger.apply(connection,
                                some.stream().map(Received::event).toList(), partitions)), 0, Integer::sum, Received::record, dead)
                .invoke(changed -> {
                    statistics.written(changed);
                    applied.increment(changed);
                    unchanged.increment(received.size() - changed);
                })
                .flatMap(ignored -> DeadLetters.send(deadLetters, Topics.deadLetterOf(Topics.MESSAGE_EVENTS), dead))
                .invoke(() -> rejected.increment(dead.size()))
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }
}
