package health.rapport.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reading and writing real topics from tests, the way an outside producer or consumer would. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** Sends records with one key, in order, and waits for all to be acknowledged. */
    public static void send(String bootstrap, String topic, String key, String... values) {
        send(bootstrap, topic, java.util.Arrays.stream(values).map(v -> new String[] {key, v}).toList());
    }

    /** Sends {@code {key, value}} records in order with one producer, then waits for all to be acknowledged. */
    public static void send(String bootstrap, String topic, List<String[]> keyedValues) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (String[] record : keyedValues) {
                sent.add(producer.send(new ProducerRecord<>(topic, record[0], record[1])));
            }
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    /**
     * Reads the topic from the beginning with a fresh consumer group until {@code expected} records match or the
     * timeout passes; returns the matches (fewer than expected on timeout, for the caller to assert).
     */
    public static List<ConsumerRecord<String, String>> read(String bootstrap, String topic,
            Predicate<ConsumerRecord<String, String>> match, int expected, Duration timeout) {
        return readUntil(bootstrap, topic, match, found -> found.size() >= expected, timeout);
    }

    /**
     * Reads the topic from the beginning with a fresh consumer group, keeping the matching records, until
     * {@code enough} holds for them or the timeout passes; returns the matches for the caller to assert.
     */
    public static List<ConsumerRecord<String, String>> readUntil(String bootstrap, String topic,
            Predicate<ConsumerRecord<String, String>> match, Predicate<List<ConsumerRecord<String, String>>> enough,
            Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(found) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Waits until consumer group {@code groupId} has committed, on every partition of {@code topic}, the offset the
     * partition ends at now: everything sent before this call has been processed and acknowledged.
     */
    public static void awaitConsumed(String bootstrap, String groupId, String topic, Duration timeout) {
        Properties props = new Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                boolean done = partitions.stream().allMatch(p -> {
                    long end = ends.get(p).offset();
                    var at = committed.get(p);
                    return end == 0 || (at != null && at.offset() >= end);
                });
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + groupId + " has not consumed " + topic + " up to " + ends
                            + " within " + timeout + "; committed " + committed);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets of " + topic, e.getCause());
        }
    }
}
