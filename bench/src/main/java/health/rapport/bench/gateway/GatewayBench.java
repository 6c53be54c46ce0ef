package health.rapport.bench.gateway;

import health.rapport.bench.Figure;
import health.rapport.bench.LatencyProfile;
import health.rapport.bench.Project;
import health.rapport.bench.Report;
import health.rapport.bench.Servers;
import health.rapport.bench.ServiceProcess;
import health.rapport.bench.http.LoadResult;
import health.rapport.bench.http.WrkLoadGenerator;
import health.rapport.events.Topics;
import health.rapport.stack.CareEncounters;
import health.rapport.stack.StackSettings;
import health.rapport.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's cost on the portal's most frequent call, {@code GET /api/v1/threads} (a patient's inbox), measured
 * with wrk against the real message-service directly and through the real gateway in the same run, rounds
 * alternating so that drift of the shared machine hits both alike. One connection gives the latency a single
 * portal call pays for the extra hop (its p50 difference is the overhead); {@code connections} connections give the
 * throughput when the machine is saturated, where the gateway's CPU is taken from the service it fronts.
 * The gateway's rate limits are raised for the run (the bucket is still consulted on every call).
 */
public final class GatewayBench {

    public static final String NAME = "gateway";
    static final double OVERHEAD_P50_TARGET_MS = 2.0;
    static final double THROUGHPUT_TARGET_RATIO = 0.70;

    /**
     * @param seconds       measured seconds of each wrk run
     * @param warmupSeconds warm-up of each side before the rounds
     * @param connections   connections of the throughput runs
     * @param rounds        direct/gateway pairs per connection count; the median round is reported
     * @param threads       threads in the patient's inbox
     */
    public record Options(int seconds, int warmupSeconds, int connections, int rounds, int threads) {
        public static Options defaults() {
            return new Options(10, 60, 16, 5, 20);
        }
    }

    private final Project project;
    private final Options options;

    public GatewayBench(Project project, Options options) {
        this.project = project;
        this.options = options;
    }

    public void run(Report report, Path scratch) throws Exception {
        WrkLoadGenerator wrk = new WrkLoadGenerator(WrkLoadGenerator.find().orElseThrow(() ->
                new IllegalStateException("wrk is not on the PATH: apt-get install -y wrk")), scratch);
        String patient = "pat-bench";
        String token = TestTokens.patientExpiringIn(patient, 3_600); // outlives the run (the default 5 min would not)
        try (Servers.Kafka kafka = Servers.Kafka.start(project, scratch);
                Servers.Postgres pg = Servers.Postgres.start(project, scratch)) {
            kafka.createTopics(Topics.all());
            pg.createDatabase("message");
            try (ServiceProcess messages = ServiceProcess.messageService(project, scratch, kafka.bootstrapServers(),
                    StackSettings.HOST + ":" + pg.port(), "message", List.of());
                    ServiceProcess gateway = ServiceProcess.gateway(project, scratch,
                            Map.of("message-service", messages.base()), unlimited())) {
                CareEncounters.publish(kafka.bootstrapServers(),
                        List.of(new CareEncounters.Visit("enc-bench", patient, "prac-bench")));
                openInbox(messages, token, options.threads());
                report.setting(String.format(Locale.ROOT, "GET /api/v1/threads (a patient's inbox of %d threads, "
                                + "bearer token verified by each hop) on message-service directly and through the "
                                + "gateway, both packaged (JVM flags %s), Kafka and PostgreSQL 17 started for the run; "
                                + "wrk on the same machine; %d s warm-up of each side, then %d rounds alternating "
                                + "direct and gateway, %d s each, at 1 and %d connections; the median round by "
                                + "requests/s is reported", options.threads(), String.join(" ", ServiceProcess.JVM_FLAGS),
                        options.warmupSeconds(), options.rounds(), options.seconds(), options.connections()));
                Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
                String direct = messages.base() + "/api/v1/threads";
                String via = gateway.base() + "/api/v1/threads";
                Duration warmup = Duration.ofSeconds(options.warmupSeconds());
                wrk.run(direct, headers, options.connections(), 1, Duration.ZERO, warmup);
                wrk.run(via, headers, options.connections(), 1, Duration.ZERO, warmup);

                Map<String, List<LoadResult>> rounds = new LinkedHashMap<>();
                Duration measured = Duration.ofSeconds(options.seconds());
                for (int round = 0; round < options.rounds(); round++) {
                    for (int connections : new int[] {1, options.connections()}) {
                        // alternate which side goes first, so a slow phase of the machine does not favour one
                        List<String> order = round % 2 == 0 ? List.of("direct", "via") : List.of("via", "direct");
                        for (String side : order) {
                            LoadResult result = wrk.run(side.equals("direct") ? direct : via, headers, connections,
                                    Math.min(2, connections), Duration.ZERO, measured);
                            if (result.requests() == 0) {
                                throw new IllegalStateException(side + " at " + connections + " connections: no "
                                        + "request completed in " + measured.toSeconds() + " s");
                            }
                            if (result.errors() > 0) {
                                throw new IllegalStateException(side + " at " + connections + " connections: "
                                        + result.errors() + " failed of " + (result.requests() + result.errors()));
                            }
                            System.err.printf(Locale.ROOT, "  round %d, %s, %d connection(s): %,.0f req/s, p50 %.2f ms%n",
                                    round + 1, side, connections, result.requestsPerSec(),
                                    result.latency().millis().get("p50"));
                            rounds.computeIfAbsent(side + ".c" + connections, k -> new ArrayList<>()).add(result);
                        }
                    }
                }
                String wide = "c" + options.connections();
                LoadResult direct1 = median(rounds.get("direct.c1"));
                LoadResult via1 = median(rounds.get("via.c1"));
                LoadResult directN = median(rounds.get("direct." + wide));
                LoadResult viaN = median(rounds.get("via." + wide));

                report.addLatencies("gateway.direct.c1", relabel(direct1, "message-service directly, 1 connection"));
                report.addLatencies("gateway.via.c1", relabel(via1, "through the gateway, 1 connection"),
                        "gateway.direct.c1");
                double overhead = via1.latency().millis().get("p50") - direct1.latency().millis().get("p50");
                report.add("gateway.overhead.c1.latency_p50_ms", overhead, "ms");
                report.add("gateway.overhead.c1.latency_p99_ms",
                        via1.latency().millis().get("p99") - direct1.latency().millis().get("p99"), "ms");

                Figure directRate = report.add("gateway.direct." + wide + ".requests_per_s", directN.requestsPerSec(),
                        "req/s");
                report.add("gateway.via." + wide + ".requests_per_s", viaN.requestsPerSec(), "req/s", directRate);
                report.addLatencies("gateway.direct." + wide,
                        relabel(directN, "message-service directly, " + options.connections() + " connections"));
                report.addLatencies("gateway.via." + wide,
                        relabel(viaN, "through the gateway, " + options.connections() + " connections"),
                        "gateway.direct." + wide);
                double ratio = viaN.requestsPerSec() / directN.requestsPerSec();
                report.setting(String.format(Locale.ROOT, "targets: overhead at p50 %.2f ms (target < %.1f ms: %s); "
                                + "throughput through the gateway %.2f of direct (target >= %.2f: %s)", overhead,
                        OVERHEAD_P50_TARGET_MS, overhead < OVERHEAD_P50_TARGET_MS ? "met" : "missed", ratio,
                        THROUGHPUT_TARGET_RATIO, ratio >= THROUGHPUT_TARGET_RATIO ? "met" : "missed"));
            }
        }
    }

    /** Rate limits far above what one machine can send: the buckets still run on every call. */
    private static Map<String, String> unlimited() {
        Map<String, String> limits = new LinkedHashMap<>();
        for (String kind : List.of("subject", "ip")) {
            limits.put("rapport.gateway.route.threads.rate-limit." + kind + ".capacity", "1000000000");
            limits.put("rapport.gateway.route.threads.rate-limit." + kind + ".per-second", "1000000000");
        }
        return limits;
    }

    private static void openInbox(ServiceProcess messages, String token, int threads) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int i = 0; i < threads; i++) {
            String body = "{\"recipient\":\"Practitioner/prac-bench\",\"subject\":\"Benchmark question " + i + "\","
                    + "\"category\":\"medical-question\",\"body\":\"A question before my next visit.\"}";
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(messages.base()
                            + "/api/v1/threads")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 403 || response.statusCode() == 422) {
                // message-service has not consumed the encounter yet
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("POST /api/v1/threads still answered " + response.statusCode()
                            + " after 90 s: " + response.body());
                }
                Thread.sleep(250);
                i--;
            } else if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /api/v1/threads answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
    }

    private static LoadResult median(List<LoadResult> results) {
        List<LoadResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(LoadResult::requestsPerSec));
        return sorted.get(sorted.size() / 2);
    }

    private static LatencyProfile relabel(LoadResult result, String name) {
        return new LatencyProfile(name, result.latency().millis());
    }
}
