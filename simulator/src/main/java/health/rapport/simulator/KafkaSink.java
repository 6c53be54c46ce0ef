package health.rapport.simulator;

import health.rapport.events.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends each event as its FHIR JSON to Kafka: Communications to {@code ehr.communications.v1}, Encounters to
 * {@code ehr.encounters.v1} (or the topics given), keyed by the patient's FHIR logical id as the contract asks,
 * so one patient's records stay in order on one partition. The producer is idempotent with {@code acks=all},
 * batches (linger 20 ms, 256 KiB batches, lz4) and blocks when its buffer is full, so memory stays bounded
 * however fast the generator runs. A failed send fails the run at the next call, or at {@link #finish}.
 */
public final class KafkaSink implements Sink {

    private final Producer<String, String> producer;
    private final boolean ownsProducer;
    private final String communicationsTopic;
    private final String encountersTopic;
    private final StringBuilder line = new StringBuilder(2048);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private FhirJson fhir;
    private long sent;
    private boolean closed;

    public KafkaSink(Producer<String, String> producer, boolean ownsProducer, String communicationsTopic,
            String encountersTopic) {
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.communicationsTopic = communicationsTopic;
        this.encountersTopic = encountersTopic;
    }

    /** A sink with its own producer to the standard topics. */
    public static KafkaSink connect(String bootstrapServers) {
        return connect(bootstrapServers, Map.of(), Topics.EHR_COMMUNICATIONS, Topics.EHR_ENCOUNTERS);
    }

    /** A sink with its own producer; {@code overrides} are extra or replacing producer settings. */
    public static KafkaSink connect(String bootstrapServers, Map<String, String> overrides, String communicationsTopic,
            String encountersTopic) {
        return new KafkaSink(new KafkaProducer<>(producerConfig(bootstrapServers, overrides)), true,
                communicationsTopic, encountersTopic);
    }

    /** The producer settings {@link #connect} uses. */
    public static Properties producerConfig(String bootstrapServers, Map<String, String> overrides) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rapport-simulator");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // One request in flight per broker: the history goes onto topics created a moment before, and a broker that
        // has not yet applied a partition's creation refuses the first request while accepting the next one; the
        // refused request's sequence numbers can then never be written (KAFKA-15591), and its records expire.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.putAll(overrides);
        return config;
    }

    @Override
    public void open(Population population) {
        fhir = new FhirJson(population);
    }

    @Override
    public void accept(SimEvent event) throws IOException {
        rethrow();
        line.setLength(0);
        fhir.render(event, line);
        String topic = event instanceof SimMessage ? communicationsTopic : encountersTopic;
        try {
            producer.send(new ProducerRecord<>(topic, event.patientId(), line.toString()), (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                } else {
                    acknowledged.incrementAndGet();
                }
            });
        } catch (KafkaException e) {
            throw new IOException("sending to Kafka failed: " + e.getMessage(), e);
        }
        sent++;
    }

    @Override
    public void finish(Truth truth) throws IOException {
        try {
            producer.flush();
        } catch (KafkaException e) {
            throw new IOException("flushing to Kafka failed: " + e.getMessage(), e);
        }
        rethrow();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsProducer) {
            producer.close(Duration.ofSeconds(30));
        }
        rethrow();
    }

    /** Records handed to the producer. */
    public long sent() {
        return sent;
    }

    /** Records the broker acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    private void rethrow() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("sending to Kafka failed: " + e.getMessage(), e);
        }
    }
}
