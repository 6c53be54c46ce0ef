package health.rapport.bench.message;

import health.rapport.bench.BuildInfo;
import health.rapport.bench.Figure;
import health.rapport.bench.LatencyProfile;
import health.rapport.bench.Project;
import health.rapport.bench.RealisticData;
import health.rapport.bench.Report;
import health.rapport.bench.Servers;
import health.rapport.bench.ServiceProcess;
import health.rapport.bench.http.ConstantRateGenerator;
import health.rapport.bench.http.ConstantRateGenerator.Spec;
import health.rapport.bench.http.HelloApp;
import health.rapport.bench.postgres.Migrations;
import health.rapport.events.Topics;
import health.rapport.simulator.KafkaSink;
import health.rapport.simulator.Preset;
import health.rapport.simulator.Scenario;
import health.rapport.simulator.SimMessage;
import health.rapport.simulator.Simulator;
import health.rapport.simulator.Sink;
import health.rapport.simulator.Sinks;
import health.rapport.stack.StackSettings;
import health.rapport.testsupport.TestTokens;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * message-service, the real one, from its packaged jar against this run's own Kafka broker and PostgreSQL:
 *
 * <ol>
 *   <li>EHR ingest: the simulator's seeded clinic (FHIR R4 Communications and Encounters) is put on
 *   {@code ehr.communications.v1} / {@code ehr.encounters.v1} first; then the service starts and the benchmark
 *   polls until every Communication is a committed {@code message} row, the outbox is empty and the topic
 *   {@code rapport.message-events.v1} holds every event enqueued. Ceiling: the same rows (threads, messages,
 *   outbox events) inserted with plain batched JDBC into the same PostgreSQL.</li>
 *   <li>REST: {@code POST /api/v1/threads/{id}/messages} at a fixed rate with latency from the intended send
 *   time, patient and clinician writing in turn, then at full speed (closed loop). Ceiling: the hello-world
 *   Quarkus app under the same generator, rate and connections.</li>
 * </ol>
 */
public final class MessageBench {

    public static final String NAME = "message";

    /**
     * @param days            simulated days of the clinic preset (50 clinicians, 2,000 patients)
     * @param rate            requests/s of the fixed-rate tests
     * @param warmupSeconds   warm-up of each HTTP test
     * @param seconds         measured seconds of each fixed-rate test
     * @param maxSeconds      measured seconds of each closed-loop test (0: none)
     * @param threads         portal threads the POSTs go to
     * @param connections     connections of the closed-loop tests (the fixed-rate tests may open up to 4 times as many)
     * @param rawConnections  connections of the raw insert ceiling
     * @param batch           messages per transaction of the raw insert ceiling
     * @param rest            whether to run the REST tests after the ingest
     * @param serviceJvmFlags extra JVM flags for message-service (a profiler, say); none by default
     */
    public record Options(int days, int rate, int warmupSeconds, int seconds, int maxSeconds, int threads,
            int connections, int rawConnections, int batch, boolean rest, List<String> serviceJvmFlags) {

        public static Options defaults() {
            return new Options(Preset.CLINIC.days(), 200, 60, 20, 10, 100, 16,
                    Runtime.getRuntime().availableProcessors(), 500, true, List.of());
        }
    }

    static final double P99_TARGET_MS = 25;
    static final double INGEST_TARGET_PER_S = 5_000;
    static final double INGEST_TARGET_RATIO = 0.40;

    private final Project project;
    private final Options options;

    public MessageBench(Project project, Options options) {
        this.project = project;
        this.options = options;
    }

    public void run(Report report, Path scratch) throws Exception {
        Scenario scenario = Scenario.of(Preset.CLINIC).withDays(options.days());
        report.setting("message-service " + BuildInfo.quarkusVersion() + " from message-service/target/quarkus-app "
                + "(JVM flags " + String.join(" ", ServiceProcess.JVM_FLAGS) + "), its own Flyway migrations, "
                + "tokens verified locally (TestTokens' key); one Kafka broker (3 partitions per topic) and "
                + "PostgreSQL 17 started for the run");
        try (Servers.Kafka kafka = Servers.Kafka.start(project, scratch);
                Servers.Postgres pg = Servers.Postgres.start(project, scratch)) {
            kafka.createTopics(Topics.all());

            // The EHR's history, on its topics before the service starts.
            List<SimMessage> messages = publishHistory(report, kafka, scenario);

            // Ceiling: the same rows with plain batched JDBC, after a warm-up on a database of its own.
            List<RawIngest.Row> rows = RawIngest.rows(messages);
            String params = "reWriteBatchedInserts=true";
            for (String db : List.of("raw_warmup", "raw_ingest")) {
                pg.createDatabase(db);
                try (Connection c = pg.connect(db, null)) {
                    Migrations.apply(c, Migrations.messageService(project.root()));
                }
            }
            RawIngest.insert(rows.subList(0, rows.size() / 5), options.rawConnections(), options.batch(),
                    () -> pg.connect("raw_warmup", params), "warm-up");
            RawIngest.Result raw = RawIngest.insert(rows, options.rawConnections(), options.batch(),
                    () -> pg.connect("raw_ingest", params), "raw batched INSERT of the same rows (JDBC)");
            Figure rawRows = report.add("message.raw.insert.rows_per_s", raw.rowsPerSecond(), "rows/s");
            Figure rawMessages = report.add("message.raw.insert.messages_per_s", raw.messagesPerSecond(), "msg/s");
            report.addSeries(raw.measured().series());
            report.setting(String.format(Locale.ROOT, "raw ceiling: %,d rows (%,d threads, %,d messages, %,d outbox "
                            + "events) in %.1f s over %d connections, %d messages per transaction, "
                            + "reWriteBatchedInserts=true, synchronous_commit=%s; rows built (event JSON included) "
                            + "before timing; a warm-up of a fifth of them on another database first",
                    raw.rows(), raw.rows() - 2 * raw.messages(), raw.messages(), raw.messages(), raw.seconds(),
                    options.rawConnections(), options.batch(), setting(pg, "synchronous_commit")));

            pg.createDatabase("message");
            String pgHostPort = StackSettings.HOST + ":" + pg.port();
            long serviceStarted = System.nanoTime();
            try (ServiceProcess service = ServiceProcess.messageService(project, scratch, kafka.bootstrapServers(), pgHostPort,
                    "message", options.serviceJvmFlags());
                    Connection db = pg.connect("message", null);
                    Admin offsets = admin(kafka.bootstrapServers())) {
                double ready = (System.nanoTime() - serviceStarted) / 1e9;
                IngestTimeline timeline = awaitIngest(db, offsets, messages.size(), serviceStarted, service);
                var start = timeline.start().orElseThrow();
                var end = timeline.end(messages.size()).orElseThrow();
                double rate = timeline.messagesPerSecond(messages.size());
                long threads = count(db, "select count(*) from thread");
                double rowsRate = rate * (end.messages() + threads + end.eventsEnqueued()) / end.messages();
                report.add("message.ingest.messages_per_s", rate, "msg/s", rawMessages);
                report.add("message.ingest.rows_per_s", rowsRate, "rows/s", rawRows);
                report.add("message.ingest.second_half_messages_per_s",
                        timeline.secondHalfMessagesPerSecond(messages.size()), "msg/s", rawMessages);
                timeline.series(1.0, "EHR ingest: message rows committed", "EHR ingest: events published")
                        .forEach(report::addSeries);
                long deadLetters = endOffsets(offsets, Topics.deadLetterOf(Topics.EHR_COMMUNICATIONS));
                report.setting(String.format(Locale.ROOT, "ingest: service ready %.1f s after launch; first message "
                                + "row seen %.1f s after launch; all %,d messages committed %.1f s later and all "
                                + "%,d events published (outbox empty, %,d on rapport.message-events.v1) %.1f s later; "
                                + "%,d threads; %,d dead letters; rows/s counts threads, messages and outbox events; "
                                + "counts polled every %d ms", ready, start.seconds(), messages.size(),
                        timeline.secondsToCommitAll(messages.size()), end.eventsEnqueued(), end.eventsPublished(),
                        end.seconds() - start.seconds(), threads, deadLetters, POLL_MILLIS));
                report.setting(String.format(Locale.ROOT, "targets: ingest >= %,.0f msg/s: %s; >= %.0f%% of the raw "
                                + "insert rate: %s (%.0f%%)", INGEST_TARGET_PER_S, met(rate >= INGEST_TARGET_PER_S),
                        INGEST_TARGET_RATIO * 100, met(rate >= INGEST_TARGET_RATIO * raw.messagesPerSecond()),
                        100 * rate / raw.messagesPerSecond()));

                if (options.rest()) {
                    rest(report, scratch, service, db);
                }
            }
        }
    }

    private void rest(Report report, Path scratch, ServiceProcess service, Connection db) throws Exception {
        List<PortalThread> threads = openThreads(service, db, options.threads());
        Duration warmup = Duration.ofSeconds(options.warmupSeconds());
        Duration measured = Duration.ofSeconds(options.seconds());
        Duration maxMeasured = Duration.ofSeconds(options.maxSeconds());
        int fixedConnections = options.connections() * 4;
        report.setting(String.format(Locale.ROOT, "REST: POST /api/v1/threads/{id}/messages into %d portal threads "
                        + "(opened by their patients first), patient and clinician in turn, bodies log-normal around "
                        + "350 characters, bearer tokens per sender; ceiling GET /hello of the hello-world app (JVM "
                        + "flags %s); the same Vert.x generator (1 event loop) for both: fixed rate %d req/s "
                        + "(open loop, up to %d connections, latency from the intended send time, no coordinated "
                        + "omission), %d s warm-up + %d s measured; then closed loop, %d connections, %d s warm-up + "
                        + "%d s measured", threads.size(), String.join(" ", ServiceProcess.JVM_FLAGS), options.rate(),
                fixedConnections, options.warmupSeconds(), options.seconds(), options.connections(),
                Math.max(1, options.warmupSeconds() / 2), options.maxSeconds()));

        // Ceilings first: hello-world at the same rate, then at full speed.
        Figure helloRate;
        Figure helloMax = null;
        try (HelloApp hello = HelloApp.start(project, scratch)) {
            URI url = URI.create(hello.url());
            ConstantRateGenerator generator = new ConstantRateGenerator(url.getHost(), url.getPort());
            Spec get = new Spec(HttpMethod.GET, url.getPath(), Map.of(), null);
            var fixed = generator.fixedRate(i -> get, options.rate(), fixedConnections, warmup, measured,
                    "hello-world GET at " + options.rate() + " req/s");
            check("hello fixed rate", fixed);
            helloRate = report.add("http.hello.fixed_rate.requests_per_s", fixed.requestsPerSec(), "req/s");
            report.addLatencies("http.hello.fixed_rate", LatencyProfile.ofMicros("hello-world GET, "
                    + options.rate() + " req/s (from intended send time)", fixed.latencyMicros()));
            if (options.maxSeconds() > 0) {
                var max = generator.closedLoop(i -> get, options.connections(),
                        Duration.ofSeconds(Math.max(1, options.warmupSeconds() / 2)), maxMeasured, "hello-world GET, closed loop");
                check("hello closed loop", max);
                helloMax = report.add("http.hello.max.requests_per_s", max.requestsPerSec(), "req/s");
            }
        }

        ConstantRateGenerator generator = new ConstantRateGenerator(StackSettings.HOST, service.port());
        RealisticData data = new RealisticData(11);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            bodies.add(data.body());
        }
        java.util.function.LongFunction<Spec> post = i -> {
            PortalThread t = threads.get((int) (i % threads.size()));
            boolean patient = (i / threads.size()) % 2 == 1;
            return new Spec(HttpMethod.POST, "/api/v1/threads/" + t.id() + "/messages",
                    Map.of("Authorization", "Bearer " + (patient ? t.patientToken() : t.clinicianToken()),
                            "Content-Type", "application/json"),
                    "{\"body\":" + json(bodies.get((int) (i % bodies.size()))) + "}");
        };
        var fixed = generator.fixedRate(post, options.rate(), fixedConnections, warmup, measured,
                "message-service POST at " + options.rate() + " req/s");
        // A service that cannot keep up fails requests (they time out waiting for a connection): that is a
        // result to report, not a reason to stop. The latencies include them.
        if (!fixed.errorSamples().isEmpty()) {
            System.err.println("  message-service fixed rate: first failed requests: " + fixed.errorSamples());
        }
        if (fixed.ok() == 0) {
            throw new IllegalStateException("message-service fixed rate: every request failed, e.g. " + fixed.errorSamples());
        }
        report.add("message.post.fixed_rate.requests_per_s", fixed.requestsPerSec(), "req/s", helloRate);
        var latencies = report.addLatencies("message.post.fixed_rate", LatencyProfile.ofMicros("message-service POST, "
                + options.rate() + " req/s (from intended send time)", fixed.latencyMicros()), "http.hello.fixed_rate");
        double p99 = latencies.stream().filter(f -> f.name().endsWith(".latency_p99_ms")).findFirst().orElseThrow().value();
        report.add("message.post.fixed_rate.failed_requests", fixed.errors(), "req");
        report.setting(String.format(Locale.ROOT, "target: p99 < %.0f ms at %d req/s: %s (%.1f ms); %,d requests "
                        + "measured, %,d failed (counted in the latencies at the time they failed)%s", P99_TARGET_MS,
                options.rate(), met(p99 < P99_TARGET_MS && fixed.errors() == 0), p99, fixed.ok() + fixed.errors(),
                fixed.errors(), fixed.errors() == 0 ? "" : "; first failures: " + fixed.errorSamples()));
        if (helloMax != null) {
            // The closed loop keeps going from where the fixed-rate run left off, in the same threads.
            long offset = fixed.ok() + fixed.errors() + options.rate() * (long) options.warmupSeconds();
            var max = generator.closedLoop(i -> post.apply(offset + i), options.connections(),
                    Duration.ofSeconds(Math.max(1, options.warmupSeconds() / 2)), maxMeasured,
                    "message-service POST, closed loop");
            check("message-service closed loop", max);
            report.add("message.post.max.requests_per_s", max.requestsPerSec(), "req/s", helloMax);
            report.addLatencies("message.post.max", LatencyProfile.ofMicros("message-service POST, closed loop, "
                    + options.connections() + " connections (service time)", max.latencyMicros()));
        }
    }

    private static void check(String what, ConstantRateGenerator.Result result) {
        if (!result.errorSamples().isEmpty()) {
            System.err.println("  " + what + ": first failed requests: " + result.errorSamples());
        }
        if (result.errors() > 0.01 * Math.max(1, result.ok() + result.errors())) {
            throw new IllegalStateException(what + ": " + result.errors() + " of " + (result.ok() + result.errors())
                    + " requests failed, e.g. " + result.errorSamples());
        }
    }

    public static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** A portal thread and the tokens of its two people. */
    record PortalThread(String id, String patientToken, String clinicianToken) {
    }

    /** Opens one thread per care relationship (as the patient), from the people the EHR ingest made known. */
    private static List<PortalThread> openThreads(ServiceProcess service, Connection db, int n) throws Exception {
        List<String[]> pairs = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "select patient_id, clinician_id from care_relationship order by patient_id limit " + n)) {
            while (rs.next()) {
                pairs.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        if (pairs.size() < n) {
            throw new IllegalStateException("only " + pairs.size() + " care relationships after the ingest");
        }
        HttpClient client = HttpClient.newHttpClient();
        List<PortalThread> threads = new ArrayList<>();
        for (String[] pair : pairs) {
            String patient = TestTokens.patient(pair[0]);
            String body = "{\"recipient\":\"Practitioner/" + pair[1] + "\",\"subject\":\"Benchmark question\","
                    + "\"category\":\"medical-question\",\"body\":\"A question before my next visit.\"}";
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(service.base() + "/api/v1/threads"))
                    .header("Authorization", "Bearer " + patient).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /api/v1/threads answered " + response.statusCode() + ": "
                        + response.body());
            }
            String location = response.headers().firstValue("Location").orElseThrow();
            threads.add(new PortalThread(location.substring(location.lastIndexOf('/') + 1), patient,
                    TestTokens.clinician(pair[1])));
        }
        return threads;
    }

    /**
     * Puts the simulator's history of the scenario on the EHR topics (Communications and Encounters), before any
     * service starts, and returns its messages; the report names what was published.
     */
    public static List<SimMessage> publishHistory(Report report, Servers.Kafka kafka, Scenario scenario)
            throws java.io.IOException {
        List<SimMessage> messages = new ArrayList<>();
        long t0 = System.nanoTime();
        Simulator.Result simulated;
        long sentRecords;
        try (KafkaSink toKafka = KafkaSink.connect(kafka.bootstrapServers())) {
            Sink keep = event -> {
                if (event instanceof SimMessage m) {
                    messages.add(m);
                }
            };
            simulated = Simulator.run(scenario, Sinks.tee(toKafka, keep));
            toKafka.close();
            sentRecords = toKafka.acknowledged();
        }
        report.setting(String.format(Locale.ROOT, "EHR history: simulator preset %s, %d days from %s, seed %d (%d "
                        + "clinicians, %d patients): %,d Communications in %,d threads and %,d Encounters, "
                        + "%,d records acknowledged on ehr.communications.v1 / ehr.encounters.v1 in %.1f s before "
                        + "the services started", scenario.name(), scenario.days(),
                scenario.start(), scenario.seed(), scenario.clinicians(), scenario.patients(), simulated.messages(),
                simulated.threads(), simulated.encounters(), sentRecords, (System.nanoTime() - t0) / 1e9));
        if (sentRecords != simulated.messages() + simulated.encounters()) {
            throw new IllegalStateException("only " + sentRecords + " records reached Kafka");
        }
        return messages;
    }

    static final int POLL_MILLIS = 250;

    /** Polls the counts until the ingest is complete; fails when nothing moves for two minutes. */
    public static IngestTimeline awaitIngest(Connection db, Admin offsets, long expected,
            long launched, ServiceProcess service) throws Exception {
        IngestTimeline timeline = new IngestTimeline();
        long lastProgress = System.nanoTime();
        IngestTimeline.Sample previous = null;
        long nextReport = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            IngestTimeline.Sample sample = sample(db, offsets, (now - launched) / 1e9);
            timeline.add(sample);
            if (IngestTimeline.complete(sample, expected)) {
                return timeline;
            }
            if (previous == null || !sample.equals(new IngestTimeline.Sample(sample.seconds(), previous.messages(),
                    previous.outboxPending(), previous.eventsEnqueued(), previous.eventsPublished()))) {
                lastProgress = now;
            }
            if (now - lastProgress > Duration.ofMinutes(2).toNanos()) {
                throw new IllegalStateException("the ingest made no progress for 2 minutes at " + sample + ":\n"
                        + service.tail(40));
            }
            if (now >= nextReport) {
                System.out.printf(Locale.ROOT, "  · %5.1f s: %,d of %,d messages, %,d events enqueued, %,d in the "
                                + "outbox, %,d published%n", sample.seconds(), sample.messages(), expected,
                        sample.eventsEnqueued(), sample.outboxPending(), sample.eventsPublished());
                nextReport = now + Duration.ofSeconds(5).toNanos();
            }
            previous = sample;
            Thread.sleep(Math.max(1, POLL_MILLIS - (System.nanoTime() - now) / 1_000_000));
        }
    }

    private static IngestTimeline.Sample sample(Connection db, Admin offsets, double seconds)
            throws Exception {
        long published = endOffsets(offsets, Topics.MESSAGE_EVENTS);
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select (select count(*) from message),"
                + " (select count(*) from outbox_event), coalesce(pg_sequence_last_value("
                + "pg_get_serial_sequence('outbox_event', 'id')::regclass), 0)")) {
            rs.next();
            return new IngestTimeline.Sample(seconds, rs.getLong(1), rs.getLong(2), rs.getLong(3), published);
        } catch (SQLException notMigratedYet) {
            if (!db.getAutoCommit()) {
                db.rollback();
            }
            return new IngestTimeline.Sample(seconds, 0, 0, 0, published);
        }
    }

    public static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    /** The records on a topic: the sum of its partitions' end offsets. */
    public static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < health.rapport.stack.KafkaBroker.PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    public static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static String setting(Servers.Postgres pg, String name) throws SQLException {
        try (Connection c = pg.connect("postgres", null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A JSON string literal. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
