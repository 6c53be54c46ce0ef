package health.rapport.message.ehr.messaging;

import health.rapport.events.Topics;
import health.rapport.message.ehr.service.EhrEncounter;
import health.rapport.message.ehr.service.FhirInbound;
import health.rapport.message.ehr.service.InvalidEhrRecord;
import health.rapport.message.thread.repository.Directory;
import health.rapport.support.messaging.DeadLetters;
import health.rapport.support.messaging.RecordBatches;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns who is in whose care from {@code ehr.encounters.v1}: each encounter relates its patient to its
 * practitioners. Recording a known relationship again changes nothing, so repeats are harmless. Invalid
 * records go to {@code ehr.encounters.v1.dlq} with their reason, and the consumer goes on.
 */
@ApplicationScoped
public class EhrEncountersConsumer {


    private final FhirInbound fhir;
    private final Directory directory;
    private final MutinyEmitter<String> deadLetters;
    private final Pool pool;

    public EhrEncountersConsumer(FhirInbound fhir, Directory directory,
            @Channel("ehr-encounters-dlq") MutinyEmitter<String> deadLetters, Pool pool) {
        this.fhir = fhir;
        this.directory = directory;
        this.deadLetters = deadLetters;
        this.pool = pool;
    }

    @Incoming("ehr-encounters")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Directory.Care> care = new ArrayList<>();
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                EhrEncounter encounter = fhir.encounter(record.getPayload());
                encounter.practitionerIds().forEach(p -> care.add(new Directory.Care(encounter.patientId(), p)));
            } catch (InvalidEhrRecord e) {
                dead.add(new DeadLetters.DeadLetter(record, e.getMessage()));
            }
        }
        return RecordBatches.retryingTransientFailures("EHR encounters batch",
                        () -> pool.withTransaction(connection -> directory.remember(connection, care)))
                .flatMap(ignored -> DeadLetters.send(deadLetters, Topics.deadLetterOf(Topics.EHR_ENCOUNTERS), dead))
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()));
    }

}
