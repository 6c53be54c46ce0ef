package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import health.rapport.events.Topics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The Kafka sink, against kafka-clients' MockProducer: topics, keys, values, failures. */
class KafkaSinkTest {

    @Test
    void sendsEachResourceToItsTopicKeyedByPatient() throws IOException {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        KafkaSink sink = new KafkaSink(producer, false, Topics.EHR_COMMUNICATIONS, Topics.EHR_ENCOUNTERS);
        Simulator.Result result = Simulator.run(Scenario.tiny(), sink);
        sink.close();
        List<ProducerRecord<String, String>> records = producer.history();
        assertThat(records).hasSize((int) (result.messages() + result.encounters()));
        assertThat(sink.sent()).isEqualTo(records.size());
        assertThat(sink.acknowledged()).isEqualTo(records.size());
        assertThat(producer.closed()).isFalse();
        long communications = 0;
        for (ProducerRecord<String, String> record : records) {
            JsonNode resource = TestRuns.JSON.readTree(record.value());
            String type = resource.path("resourceType").asText();
            assertThat(record.topic()).isEqualTo(type.equals("Communication") ? Topics.EHR_COMMUNICATIONS : Topics.EHR_ENCOUNTERS);
            assertThat(record.key()).isEqualTo(TestRuns.idOf(resource.path("subject")));
            if (type.equals("Communication")) {
                communications++;
            }
        }
        assertThat(communications).isEqualTo(result.messages());
    }

    @Test
    void aFailedSendFailsTheRun() {
        MockProducer<String, String> producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        KafkaSink sink = new KafkaSink(producer, true, "c", "e");
        HistoryGenerator generator = new HistoryGenerator(Scenario.tiny());
        sink.open(generator.population());
        assertThatThrownBy(() -> {
            sink.accept(generator.next());
            producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
            sink.accept(generator.next());
        }).isInstanceOf(IOException.class).hasMessageContaining("broker gone");
    }

    @Test
    void producerSettingsAreDurableAndBatched() {
        Properties config = KafkaSink.producerConfig("127.0.0.1:9092", Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"));
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
    }
}
