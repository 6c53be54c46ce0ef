package health.rapport.message.ehr.messaging;

import health.rapport.events.Topics;
import health.rapport.message.ehr.service.EhrCommunication;
import health.rapport.message.ehr.service.EhrInbound;
import health.rapport.message.ehr.service.FhirInbound;
import health.rapport.message.ehr.service.InvalidEhrRecord;
import health.rapport.support.messaging.DeadLetters;
import health.rapport.support.messaging.RecordBatches;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code ehr.communications.v1} in batches: each batch is parsed, then applied in one transaction.
 * Records that are not valid FHIR, or that contradict what Rapport holds, go to {@code ehr.communications.v1.dlq}
 * with the reason in header {@code dead-letter-reason} (the header SmallRye's own DLQ uses), and the batch goes
 * on. Offsets are committed after the transaction and the dead letters, so a crash replays the batch, and the
 * unique EHR identities make the replay change nothing.
 */
@ApplicationScoped
public class EhrCommunicationsConsumer {

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
        List<Map.Entry<Integer, EhrCommunication>> entries = List.copyOf(parsed.entrySet());
        return RecordBatches.applyIsolatingFailures("EHR communications", entries,
                        some -> inbound.apply(toMap(some)), List.<EhrInbound.Outcome>of(),
                        EhrCommunicationsConsumer::concat, entry -> records.get(entry.getKey()), dead)
                .invoke(outcomes -> outcomes.forEach(o -> dead.add(new DeadLetters.DeadLetter(records.get(o.index()), o.rejection()))))
                .flatMap(outcomes -> DeadLetters.send(deadLetters, Topics.deadLetterOf(Topics.EHR_COMMUNICATIONS), dead))
                .invoke(() -> {
                    applied.increment(records.size() - dead.size());
                    rejected.increment(dead.size());
                })
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static Map<Integer, EhrCommunication> toMap(List<Map.Entry<Integer, EhrCommunication>> entries) {
        Map<Integer, EhrCommunication> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    private static List<EhrInbound.Outcome> concat(List<EhrInbound.Outcome> a, List<EhrInbound.Outcome> b) {
        List<EhrInbound.Outcome> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
