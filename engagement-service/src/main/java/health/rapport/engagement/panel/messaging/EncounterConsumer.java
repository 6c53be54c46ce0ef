package health.rapport.engagement.panel.messaging;

import health.rapport.engagement.panel.repository.PanelRepository;
import health.rapport.engagement.panel.service.EncounterParser;
import health.rapport.engagement.panel.service.InvalidEncounterException;
import health.rapport.engagement.panel.service.PanelEncounter;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code ehr.encounters.v1} (FHIR R4 Encounters) in batches into the panel, one transaction per batch.
 * Records the panel cannot use go to {@code ehr.encounters.v1.dlq} with header {@code dead-letter-reason} naming
 * the FHIR path, and consumption goes on. Offsets are committed after the transaction; a replayed batch changes
 * nothing because an Encounter only replaces the stored one at a higher {@code meta.versionId}.
 */
@ApplicationScoped
public class EncounterConsumer {

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
        return RecordBatches.applyIsolatingFailures("encounters", encounters,
                        some -> pool.withTransaction(connection -> panel.store(connection, some)), 0, Integer::sum,
                        encounter -> recordOf.get(encounter.encounterId()), dead)
                .invoke(changed -> {
                    applied.increment(changed);
                    unchanged.increment(total - changed);
                })
                .flatMap(ignored -> DeadLetters.send(deadLetters, Topics.deadLetterOf(Topics.EHR_ENCOUNTERS), dead))
                .invoke(() -> rejected.increment(dead.size()))
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }
}
