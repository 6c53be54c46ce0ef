package health.rapport.engagement.panel.messaging;

import health.rapport.engagement.panel.repository.PanelRepository;
import health.rapport.engagement.panel.service.EncounterParser;
import health.rapport.engagement.panel.service.InvalidEncounterException;
import health.rapport.engagement.panel.service.PanelEncounter;
import health.rapport.events.Topics;
import health.rapport.support.messaging.DeadLetters;
import health.rapport.support.messaging.IdempotentConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ehr.encounters.v1} (FHIR R4 Encounters) in batches into the panel, one transaction per batch.
 * Records the panel cannot use go to {@code ehr.encounters.v1.dlq} with header {@code dead-letter-reason} naming
 * the FHIR path, and consumption goes on. Offsets are committed after the transaction; a replayed batch changes
 * nothing because an Encounter only replaces the stored one at a higher {@code meta.versionId}.
 */
@ApplicationScoped
public class EncounterConsumer {

    private static final Logger LOG = Logger.getLogger(EncounterConsumer.class);

    private final EncounterParser parser;
    private final PanelRepository panel;
    private final Pool pool;
    private final MutinyEmitter<String> deadLetters;
    private final Counter applied;
    private final Counter unchanged;
    private final Counter rejected;

    public EncounterConsumer(EncounterParser parser, PanelRepository panel, Pool pool,
            @Channel("ehr-encounters-dlq") MutinyEmitter<String> deadLetters, MeterRegistry registry) {
        this.parser = parser;
        this.panel = panel;
        this.pool = pool;
        this.deadLetters = deadLetters;
        this.applied = registry.counter("rapport.engagement.encounters", "outcome", "applied");
        this.unchanged = registry.counter("rapport.engagement.encounters", "outcome", "unchanged");
        this.rejected = registry.counter("rapport.engagement.encounters", "outcome", "dead-lettered");
    }

    @Incoming("ehr-encounters")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        // Per Encounter id the highest version of the batch; at an equal version the first one seen.
        Map<String, PanelEncounter> latest = new LinkedHashMap<>();
        Map<String, KafkaRecord<String, String>> recordOf = new LinkedHashMap<>();
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        int valid = 0;
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                PanelEncounter encounter = parser.parse(record.getPayload());
                valid++;
                PanelEncounter seen = latest.get(encounter.encounterId());
                if (seen == null || seen.version() < encounter.version()) {
                    latest.put(encounter.encounterId(), encounter);
                    recordOf.put(encounter.encounterId(), record);
                }
            } catch (InvalidEncounterException e) {
                dead.add(new DeadLetters.DeadLetter(record, "not a usable FHIR R4 Encounter: " + e.getMessage()));
            }
        }
        List<PanelEncounter> encounters = List.copyOf(latest.values());
        int total = valid;
        return storeRetryingTransientFailures(encounters)
                .onFailure().recoverWithUni(failure -> oneByOne(encounters, recordOf, dead, failure))
                .invoke(changed -> {
                    applied.increment(changed);
                    unchanged.increment(total - changed);
                })
                .flatMap(ignored -> DeadLetters.send(deadLetters, Topics.deadLetterOf(Topics.EHR_ENCOUNTERS), dead))
                .invoke(() -> rejected.increment(dead.size()))
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** A batch that failed for a reason of its own: find the Encounter that did it by storing one at a time. */
    private Uni<Integer> oneByOne(List<PanelEncounter> encounters, Map<String, KafkaRecord<String, String>> records,
            List<DeadLetters.DeadLetter> dead, Throwable failure) {
        LOG.warnf("encounter batch of %d failed (%s); storing its encounters one by one", encounters.size(),
                failure.toString());
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (PanelEncounter encounter : encounters) {
            chain = chain.flatMap(total -> storeRetryingTransientFailures(List.of(encounter)).map(n -> total + n)
                    .onFailure().recoverWithItem(single -> {
                        LOG.warnf("Encounter %s failed (%s); dead-lettered", encounter.encounterId(), single.toString());
                        dead.add(new DeadLetters.DeadLetter(records.get(encounter.encounterId()),
                                "processing failed: " + single.getClass().getSimpleName()));
                        return total;
                    }));
        }
        return chain;
    }

    private Uni<Integer> storeRetryingTransientFailures(List<PanelEncounter> encounters) {
        if (encounters.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // The database being away is no reason to dead-letter good records: wait for it, holding the partitions.
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> panel.store(connection, encounters)))
                .onFailure(IdempotentConsumer::isTransient)
                .invoke(f -> LOG.warnf("encounter batch not stored yet (%s); retrying", f.toString()))
                .onFailure(IdempotentConsumer::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }
}
