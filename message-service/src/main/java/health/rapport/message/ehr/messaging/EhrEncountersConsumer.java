package health.rapport.message.ehr.messaging;

import health.rapport.message.ehr.service.EhrEncounter;
import health.rapport.message.ehr.service.FhirInbound;
import health.rapport.message.ehr.service.InvalidEhrRecord;
import health.rapport.message.thread.repository.Directory;
import health.rapport.support.messaging.IdempotentConsumer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns who is in whose care from {@code ehr.encounters.v1}: each encounter relates its patient to its
 * practitioners. Recording a known relationship again changes nothing, so repeats are harmless. Invalid
 * records are logged and skipped here (the engagement side owns their dead letters for this topic).
 */
@ApplicationScoped
public class EhrEncountersConsumer {

    private static final Logger LOG = Logger.getLogger(EhrEncountersConsumer.class);

    private final FhirInbound fhir;
    private final Directory directory;

    public EhrEncountersConsumer(FhirInbound fhir, Directory directory) {
        this.fhir = fhir;
        this.directory = directory;
    }

    @Incoming("ehr-encounters")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Directory.Care> care = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                EhrEncounter encounter = fhir.encounter(record.getPayload());
                encounter.practitionerIds().forEach(p -> care.add(new Directory.Care(encounter.patientId(), p)));
            } catch (InvalidEhrRecord e) {
                LOG.warnf("EHR encounter %s-%d@%d skipped: %s", record.getTopic(), record.getPartition(),
                        offset(record), e.getMessage());
            }
        }
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> directory.remember(care)))
                .onFailure(IdempotentConsumer::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static long offset(KafkaRecord<String, String> record) {
        return record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(m -> m.getOffset()).orElse(-1L);
    }
}
