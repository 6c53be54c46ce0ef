package health.rapport.stack;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts patients in clinicians' care the way an EHR does: a finished FHIR {@code Encounter} per pair on
 * {@code ehr.encounters.v1}. message-service learns the people and their care relationships from these, so the
 * demo data and the benchmarks publish them before anyone writes a message.
 */
public final class CareEncounters {

    private static final String TOPIC = "ehr.encounters.v1";

    private CareEncounters() {
    }

    /** A visit of {@code patientId} with {@code practitionerId}, as the Encounter with id {@code encounterId}. */
    public record Visit(String encounterId, String patientId, String practitionerId) {

        String toFhirJson() {
            return "{\"resourceType\":\"Encounter\",\"id\":\"" + encounterId + "\",\"status\":\"finished\","
                    + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                    + "\"subject\":{\"reference\":\"Patient/" + patientId + "\"},\"participant\":[{"
                    + "\"individual\":{\"reference\":\"Practitioner/" + practitionerId + "\"}}],"
                    + "\"period\":{\"start\":\"2025-01-06T09:00:00-05:00\"}}";
        }
    }

    /** Publishes the visits (keyed by patient, acknowledged by all replicas) and returns once they are written. */
    public static void publish(String bootstrapServers, Iterable<Visit> visits) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("acks", "all");
        try (var producer = new KafkaProducer<String, String>(props, new StringSerializer(), new StringSerializer())) {
            for (Visit visit : visits) {
                producer.send(new ProducerRecord<>(TOPIC, visit.patientId(), visit.toFhirJson()));
            }
            producer.flush();
        }
    }

    /** The visits of a map from encounter id to {patient id, practitioner id}. */
    public static java.util.List<Visit> visits(Map<String, String[]> pairs) {
        return pairs.entrySet().stream().map(e -> new Visit(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }
}
