package health.rapport.message.ehr.messaging;

import health.rapport.events.Topics;
import health.rapport.message.ehr.service.EhrCommunication;
import health.rapport.message.ehr.service.EhrInbound;
import health.rapport.message.ehr.service.FhirInbound;
import health.rapport.message.ehr.service.InvalidEhrRecord;
import health.rapport.support.messaging.DeadLetters;
import health.rapport.support.messaging.IdempotentConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ehr.communications.v1} in batches: each batch is parsed, then applied in one transaction.
 * Records that are not valid FHIR, or that contradict what Rapport holds, go to {@code ehr.communications.v1.dlq}
 * with the reason in header {@code dead-letter-reason} (the header SmallRye's own DLQ uses), and the batch goes
 * on. Offsets are committed after the transaction and the dead letters, so a crash replays the batch, and the
 * unique EHR identities make the replay change nothing.
 */
@ApplicationScoped
public class EhrCommunicationsConsumer {

    private static final Logger LOG = Logger.getLogger(EhrCommunicationsConsumer.class);

    private final FhirInbound fhir;
    private final EhrInbound inbound;
    private final MutinyEmitter<String> deadLetters;
    private final Counter applied;
    private final Counter rejected;

    public EhrCommunicationsConsumer(FhirInbound fhir, EhrInbound inbound,
            @Channel("ehr-communications-dlq") MutinyEmitter<String> deadLetters, MeterRegistry registry) {
        this.fhir = fhir;
        this.inbound = inbound;
        this.deadLetters = deadLetters;
        this.applied = registry.counter("rapport.ehr.communications", "outcome", "applied");
        this.rejected = registry.counter("rapport.ehr.communications", "outcome", "dead-lettered");
    }

    @Incoming("ehr-communications")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        Map<Integer, EhrCommunication> parsed = new LinkedHashMap<>();
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        // Parsing is CPU work with no shared state (FhirInbound is thread-safe): spread it over the cores, then
        // take the results in record order.
        Object[] results = new Object[records.size()];
        IntStream.range(0, records.size()).parallel().forEach(i -> {
            try {
                results[i] = fhir.communication(records.get(i).getPayload());
            } catch (InvalidEhrRecord e) {
                results[i] = e;
            }
        });
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof EhrCommunication c) {
                parsed.put(i, c);
            } else {
                dead.add(new DeadLetters.DeadLetter(records.get(i), ((InvalidEhrRecord) results[i]).getMessage()));
            }
        }
        return applyRetryingTransientFailures(parsed)
                .onFailure().recoverWithUni(failure -> oneByOne(records, parsed, dead, failure))
                .invoke(outcomes -> outcomes.forEach(o -> dead.add(new DeadLetters.DeadLetter(records.get(o.index()), o.rejection()))))
                .flatMap(outcomes -> DeadLetters.send(deadLetters, Topics.deadLetterOf(Topics.EHR_COMMUNICATIONS), dead))
                .invoke(() -> {
                    applied.increment(records.size() - dead.size());
                    rejected.increment(dead.size());
                })
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** A batch that failed for a reason of its own: find the record that did it by applying one at a time. */
    private Uni<List<EhrInbound.Outcome>> oneByOne(List<KafkaRecord<String, String>> records,
            Map<Integer, EhrCommunication> parsed, List<DeadLetters.DeadLetter> dead, Throwable failure) {
        LOG.warnf("EHR batch of %d failed (%s); applying its records one by one", parsed.size(), failure.toString());
        Uni<List<EhrInbound.Outcome>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Map.Entry<Integer, EhrCommunication> entry : parsed.entrySet()) {
            chain = chain.flatMap(outcomes -> applyRetryingTransientFailures(Map.of(entry.getKey(), entry.getValue()))
                    .map(single -> {
                        outcomes.addAll(single);
                        return outcomes;
                    })
                    .onFailure().recoverWithItem(single -> {
                        LOG.warnf("EHR %s failed (%s); dead-lettered", entry.getValue().resourceKey(), single.toString());
                        outcomes.add(new EhrInbound.Outcome(entry.getKey(), "processing failed: "
                                + single.getClass().getSimpleName()));
                        return outcomes;
                    }));
        }
        return chain;
    }

    private Uni<List<EhrInbound.Outcome>> applyRetryingTransientFailures(Map<Integer, EhrCommunication> parsed) {
        if (parsed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // The database being away is no reason to dead-letter good records: wait for it, holding the partitions.
        return Uni.createFrom().deferred(() -> inbound.apply(parsed))
                .onFailure(IdempotentConsumer::isTransient)
                .invoke(f -> LOG.warnf("EHR batch not applied yet (%s); retrying", f.toString()))
                .onFailure(IdempotentConsumer::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }

}
