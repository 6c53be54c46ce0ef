package health.rapport.bench.kafka;

import health.rapport.bench.ChildProcess;
import health.rapport.bench.Figure;
import health.rapport.bench.LatencyProfile;
import health.rapport.bench.Meter;
import health.rapport.bench.Project;
import health.rapport.bench.RealisticData;
import health.rapport.bench.Report;
import health.rapport.bench.Series;
import health.rapport.bench.Servers;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageSent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Raw Kafka ceilings and Rapport's Kafka path beside them, against one real broker started for the run.
 *
 * <p>Ceilings: Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance} (kafka-tools 4.4.0, the
 * broker's version, in a child JVM) with records of the size of a real MessageSent CloudEvent, keyed over the
 * study's 3,000 clinicians, with the outbox relay's producer settings. Figures: the same numbers of records
 * through the services' client (kafka-clients from the Quarkus BOM) shaped as Rapport sends them: the outbox
 * relay's producer settings, clinician-id keys, JSON from EventCodec, CloudEvents headers; and consumed with
 * EventCodec.fromJson on every record, as engagement-service does.
 */
public final class KafkaBench {

    public static final String NAME = "kafka";

    /**
     * @param records       records per throughput test (each of raw produce, raw consume, Rapport produce, Rapport consume)
     * @param warmupRecords the first records of each produce test, left out of its figures
     * @param rounds        rounds of the four throughput tests, raw and Rapport alternating first; best of each kept
     * @param pacedRate     records per second of the paced (latency) tests
     * @param pacedRecords  records per paced test
     */
    public record Options(int records, int warmupRecords, int rounds, int pacedRate, int pacedRecords) {

        public static Options defaults() {
            return new Options(100_000, 30_000, 2, 5_000, 20_000);
        }
    }

    /** The outbox relay's producer settings (service-support's microprofile-config.properties). */
    static final List<String> PRODUCER_SETTINGS = List.of("acks=all", "enable.idempotence=true",
            "max.in.flight.requests.per.connection=5", "linger.ms=5", "delivery.timeout.ms=30000",
            "request.timeout.ms=10000");

    private static final String WARMUP = "bench.warmup";
    private static final String RAW = "bench.raw";
    private static final String RAPPORT = "bench.rapport";
    private static final String RAW_PACED = "bench.raw.paced";
    private static final String RAPPORT_PACED = "bench.rapport.paced";
    static final int POOL = 10_000;
    /** The tests last seconds: sample their throughput four times a second. */
    static final int SAMPLE_MS = 250;
    private static final String PRODUCE_SERIES = "Rapport produce (relay settings, EventCodec JSON)";
    private static final String CONSUME_SERIES = "Rapport consume (EventCodec.fromJson per record)";

    private final Project project;
    private final Options options;

    public KafkaBench(Project project, Options options) {
        this.project = project;
        this.options = options;
    }

    public void run(Report report, Path scratch) throws Exception {
        List<String> pool = encodedEvents(POOL);
        int recordSize = (int) Math.round(pool.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length)
                .average().orElseThrow());
        report.setting("record size " + recordSize + " B: the mean size of " + POOL + " realistic MessageSent "
                + "CloudEvents encoded by EventCodec.toJson (random payloads of that size for Kafka's tools)");
        report.setting(options.records() + " records per throughput test, the first " + options.warmupRecords()
                + " of each Rapport test and of each ProducerPerformance test left out (ConsumerPerformance has no "
                + "warm-up; it does no work per record); after a broker warm-up of " + options.records() / 2 + " records, "
                + options.rounds() + " rounds of the four throughput tests (raw and Rapport alternating first), "
                + "the best round of each test kept; "
                + "paced latency tests: " + options.pacedRecords() + " records at " + options.pacedRate()
                + " rec/s, the first 40% left out");
        report.setting("producer settings (the outbox relay's): " + String.join(" ", PRODUCER_SETTINGS)
                + "; keys over " + RealisticData.CLINICIANS + " clinicians; " + health.rapport.stack.KafkaBroker.PARTITIONS
                + " partitions per topic; one broker (KRaft, -Xmx512m); each test in a fresh JVM of its own (-Xmx512m), "
                + "Kafka's tools and Rapport's client alike");
        Path tools = project.kafkaToolsLibs();
        try (Servers.Kafka kafka = Servers.Kafka.start(project, scratch)) {
            List<String> topics = new ArrayList<>(List.of(WARMUP, RAW_PACED, RAPPORT_PACED));
            for (int round = 1; round <= options.rounds(); round++) {
                topics.add(RAW + "." + round);
                topics.add(RAPPORT + "." + round);
            }
            kafka.createTopics(topics);
            String bootstrap = kafka.bootstrapServers();

            // A fresh broker runs interpreted code: warm it up first, so that the first test is not the loser.
            producerPerformance(tools, scratch, bootstrap, WARMUP, options.records() / 2, 0, recordSize, -1);

            // Rounds of raw and Rapport tests, the order alternating; each figure is the best of its rounds.
            ProducerPerformanceOutput raw = null;
            Meter.Measured produced = null;
            ConsumerPerformanceOutput rawConsume = null;
            Meter.Measured consumed = null;
            for (int round = 1; round <= options.rounds(); round++) {
                String rawTopic = RAW + "." + round;
                String rapportTopic = RAPPORT + "." + round;
                ProducerPerformanceOutput r;
                Meter.Measured p;
                if (round % 2 == 1) {
                    r = producerPerformance(tools, scratch, bootstrap, rawTopic, options.records(),
                            options.warmupRecords(), recordSize, -1);
                    p = RapportKafkaClient.run(scratch, PRODUCE_SERIES, "produce", bootstrap, rapportTopic,
                            Integer.toString(options.records()), Integer.toString(options.warmupRecords()), "0",
                            PRODUCE_SERIES);
                } else {
                    p = RapportKafkaClient.run(scratch, PRODUCE_SERIES, "produce", bootstrap, rapportTopic,
                            Integer.toString(options.records()), Integer.toString(options.warmupRecords()), "0",
                            PRODUCE_SERIES);
                    r = producerPerformance(tools, scratch, bootstrap, rawTopic, options.records(),
                            options.warmupRecords(), recordSize, -1);
                }
                ConsumerPerformanceOutput rc;
                Meter.Measured c;
                if (round % 2 == 1) {
                    rc = consumerPerformance(tools, scratch, bootstrap, rawTopic, options.records());
                    c = RapportKafkaClient.run(scratch, CONSUME_SERIES, "consume", bootstrap, rapportTopic,
                            Integer.toString(options.records()), Integer.toString(options.warmupRecords()),
                            CONSUME_SERIES);
                } else {
                    c = RapportKafkaClient.run(scratch, CONSUME_SERIES, "consume", bootstrap, rapportTopic,
                            Integer.toString(options.records()), Integer.toString(options.warmupRecords()),
                            CONSUME_SERIES);
                    rc = consumerPerformance(tools, scratch, bootstrap, rawTopic, options.records());
                }
                System.out.printf(java.util.Locale.ROOT, "  round %d: produce raw %,.0f / Rapport %,.0f rec/s; "
                        + "consume raw %,.0f / Rapport %,.0f rec/s%n", round, r.best().recordsPerSec(), p.rate(),
                        rc.fetchRecordsPerSec(), c.rate());
                raw = raw == null || r.best().recordsPerSec() > raw.best().recordsPerSec() ? r : raw;
                produced = produced == null || p.rate() > produced.rate() ? p : produced;
                rawConsume = rawConsume == null || rc.fetchRecordsPerSec() > rawConsume.fetchRecordsPerSec() ? rc
                        : rawConsume;
                consumed = consumed == null || c.rate() > consumed.rate() ? c : consumed;
            }

            Figure rawRate = report.add("kafka.raw.produce.records_per_s", raw.best().recordsPerSec(), "rec/s");
            Figure rawMb = report.add("kafka.raw.produce.mb_per_s", raw.best().mbPerSec(), "MB/s");
            Series rawSeries = new Series("raw produce (ProducerPerformance)", "rec/s");
            List<ProducerPerformanceOutput.Interval> steady = raw.steadyIntervals();
            for (int i = 0; i < steady.size(); i++) {
                rawSeries.add((i + 1) * SAMPLE_MS / 1000.0, steady.get(i).recordsPerSec());
            }
            report.addSeries(rawSeries);
            Figure rawConsumeRate = report.add("kafka.raw.consume.records_per_s", rawConsume.fetchRecordsPerSec(),
                    "rec/s");
            Figure rawConsumeMb = report.add("kafka.raw.consume.mb_per_s", rawConsume.fetchMbPerSec(), "MB/s");

            report.add("kafka.rapport.produce.records_per_s", produced.rate(), "rec/s", rawRate);
            report.add("kafka.rapport.produce.mb_per_s", produced.rate() * recordSize / (1024.0 * 1024), "MB/s", rawMb);
            report.addSeries(produced.series());
            report.add("kafka.rapport.consume.records_per_s", consumed.rate(), "rec/s", rawConsumeRate);
            report.add("kafka.rapport.consume.mb_per_s", consumed.rate() * recordSize / (1024.0 * 1024), "MB/s",
                    rawConsumeMb);
            report.addSeries(consumed.series());

            // Latency at a fixed, moderate rate: raw, then Rapport's path.
            int pacedWarmup = options.pacedRecords() * 2 / 5;
            ProducerPerformanceOutput paced = producerPerformance(tools, scratch, bootstrap, RAW_PACED,
                    options.pacedRecords(), pacedWarmup, recordSize, options.pacedRate());
            var summary = paced.best();
            report.addLatencies("kafka.raw.produce_paced", new LatencyProfile("raw produce at " + options.pacedRate()
                    + " rec/s (ProducerPerformance)", kafkaPercentiles(summary.p50Ms(), summary.p95Ms(),
                    summary.p99Ms(), summary.p999Ms(), summary.maxLatencyMs())));
            String pacedName = "Rapport produce at " + options.pacedRate() + " rec/s";
            Meter.Measured pacedRapport = RapportKafkaClient.run(scratch, pacedName, "produce", bootstrap,
                    RAPPORT_PACED, Integer.toString(options.pacedRecords()), Integer.toString(pacedWarmup),
                    Integer.toString(options.pacedRate()), pacedName);
            report.addLatencies("kafka.rapport.produce_paced", LatencyProfile.ofMicros("Rapport produce at "
                    + options.pacedRate() + " rec/s", pacedRapport.latencyMicros(), 50, 95, 99, 99.9),
                    "kafka.raw.produce_paced");
        }
    }

    private static java.util.Map<String, Double> kafkaPercentiles(double p50, double p95, double p99, double p999,
            double max) {
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
        values.put("p50", p50);
        values.put("p95", p95);
        values.put("p99", p99);
        values.put("p99.9", p999);
        values.put("max", max);
        return values;
    }

    /** Realistic MessageSent events, encoded as the outbox stores them. */
    static List<String> encodedEvents(int n) {
        RealisticData data = new RealisticData(42);
        List<String> pool = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pool.add(EventCodec.toJson(data.messageSent()));
        }
        return pool;
    }

    /** The command line of ProducerPerformance in a child JVM; {@code throughput} -1 means as fast as it goes. */
    static List<String> producerPerformanceCommand(Path tools, String bootstrap, String topic, int records,
            int warmup, int recordSize, int throughput) {
        List<String> command = new ArrayList<>(childJvm(tools));
        command.addAll(List.of("org.apache.kafka.tools.ProducerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", Integer.toString(records), "--record-size",
                Integer.toString(recordSize), "--throughput", Integer.toString(throughput),
                "--reporting-interval", Integer.toString(SAMPLE_MS), "--key-distribution", "random", "--record-key-range",
                Integer.toString(RealisticData.CLINICIANS)));
        if (warmup > 0) {
            command.addAll(List.of("--warmup-records", Integer.toString(warmup)));
        }
        command.add("--command-property");
        command.addAll(PRODUCER_SETTINGS);
        return command;
    }

    private static List<String> childJvm(Path tools) {
        return List.of(Project.java(), "-Xms256m", "-Xmx512m", "-Duser.language=en", "-Duser.country=US",
                "-Dlog4j2.level=WARN", "-cp", tools.toAbsolutePath() + "/*");
    }

    private ProducerPerformanceOutput producerPerformance(Path tools, Path scratch, String bootstrap, String topic,
            int records, int warmup, int recordSize, int throughput) {
        List<String> command = producerPerformanceCommand(tools, bootstrap, topic, records, warmup, recordSize,
                throughput);
        var output = ChildProcess.run(command, scratch, Duration.ofMinutes(10), line -> { });
        return ProducerPerformanceOutput.parse(output.stdout());
    }

    private ConsumerPerformanceOutput consumerPerformance(Path tools, Path scratch, String bootstrap, String topic,
            int records) {
        List<String> command = new ArrayList<>(childJvm(tools));
        command.addAll(List.of("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", Integer.toString(records), "--group",
                "bench-raw-" + UUID.randomUUID(), "--timeout", "30000"));
        var output = ChildProcess.run(command, scratch, Duration.ofMinutes(10), line -> { });
        ConsumerPerformanceOutput parsed = ConsumerPerformanceOutput.parse(output.stdout());
        if (parsed.records() < records) {
            throw new IllegalStateException("ConsumerPerformance read " + parsed.records() + " of " + records + " records");
        }
        return parsed;
    }

    /**
     * Sends {@code records} records from the pool as the outbox relay does (String key = clinician, JSON value,
     * CloudEvents headers), as fast as the producer takes them, or paced at {@code rate} per second. Latency is
     * from send() to the broker's acknowledgement; the first {@code warmup} records are not counted.
     */
    static Meter.Measured rapportProduce(String bootstrap, String topic, List<String> pool, int records, int warmup,
            int rate, String seriesName) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        for (String setting : PRODUCER_SETTINGS) {
            int eq = setting.indexOf('=');
            props.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        List<String[]> prepared = new ArrayList<>(pool.size());
        for (String json : pool) {
            CloudEvent<MessageSent> event = EventCodec.fromJson(json, MessageSent.class);
            prepared.add(new String[] {event.subject(), json, event.id(), event.type()});
        }
        Meter meter = new Meter(seriesName, "rec/s", Duration.ofMillis(SAMPLE_MS));
        Recorder latency = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        CountDownLatch acked = new CountDownLatch(records);
        byte[] contentType = CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            long interval = rate > 0 ? 1_000_000_000L / rate : 0;
            for (int i = 0; i < records; i++) {
                if (i == warmup) {
                    meter.begin();
                }
                if (rate > 0) {
                    long due = start + i * interval;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                String[] event = prepared.get(i % prepared.size());
                RecordHeaders headers = new RecordHeaders();
                headers.add("content-type", contentType);
                headers.add("ce_id", event[2].getBytes(StandardCharsets.UTF_8));
                headers.add("ce_type", event[3].getBytes(StandardCharsets.UTF_8));
                boolean counted = i >= warmup;
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, null, event[0], event[1], headers), (metadata, error) -> {
                    long nanos = System.nanoTime() - sent;
                    if (error != null) {
                        failures.incrementAndGet();
                    } else if (counted) {
                        meter.count(1);
                        latency.recordValue(nanos / 1000);
                    }
                    acked.countDown();
                });
            }
            producer.flush();
            if (!acked.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("records not acknowledged within 60 s");
            }
        }
        Meter.Measured measured = meter.end();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " records failed to send to " + topic);
        }
        return new Meter.Measured(measured.units(), measured.seconds(), latency.getIntervalHistogram(),
                measured.series());
    }

    /**
     * Reads {@code records} records with the services' client and decodes each with EventCodec.fromJson, as
     * engagement-service's consumer does. Timed from the
     * {@code warmup}-th record to the last (with no warm-up, from the partition assignment, as ConsumerPerformance's
     * fetch rate is).
     */
    static Meter.Measured rapportConsume(String bootstrap, String topic, int records, int warmup, String seriesName) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-rapport-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Meter meter = new Meter(seriesName, "rec/s", Duration.ofMillis(SAMPLE_MS));
        long read = 0;
        long checksum = 0;
        Meter.Measured measured;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (warmup == 0 && !meter.measuring()) {
                        meter.begin();
                    }
                }
            });
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (read < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read only " + read + " of " + records + " records from " + topic);
                }
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
                int counted = 0;
                for (ConsumerRecord<String, String> record : batch) {
                    checksum += EventCodec.fromJson(record.value()).data().subject().length();
                    read++;
                    if (meter.measuring()) {
                        counted++;
                    } else if (read == warmup) {
                        meter.begin();
                    }
                }
                meter.count(counted);
            }
            measured = meter.end();
        }
        if (checksum == 0) {
            throw new IllegalStateException("decoded nothing");
        }
        return measured;
    }
}
