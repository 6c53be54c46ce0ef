package health.rapport.bench.http;

import health.rapport.bench.BuildInfo;
import health.rapport.bench.Project;
import health.rapport.bench.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The HTTP ceiling: a hello-world Quarkus app (same Quarkus, same REST stack, same JVM flags as the services)
 * under closed-loop load from wrk when it is installed, else from the built-in Vert.x client. Later service
 * figures (message-service through the gateway ...) are to be measured with the same generator and judged
 * against {@code http.hello.requests_per_s}.
 */
public final class HttpBench {

    /** Which load generator: wrk when on the PATH (auto), or one named. */
    public enum Generator {
        AUTO, WRK, VERTX
    }

    /**
     * @param seconds       measured seconds
     * @param warmupSeconds seconds of load before measuring
     * @param connections   concurrent keep-alive connections, one request in flight each
     * @param threads       generator threads (wrk threads or Vert.x event loops)
     * @param generator     which generator
     */
    public record Options(int seconds, int warmupSeconds, int connections, int threads, Generator generator) {

        public static Options defaults() {
            return new Options(10, 10, 16, 1, Generator.AUTO);
        }
    }

    private final Project project;
    private final Options options;

    public HttpBench(Project project, Options options) {
        this.project = project;
        this.options = options;
    }

    public LoadGenerator generator(Path scratch) {
        var wrk = WrkLoadGenerator.find();
        return switch (options.generator()) {
            case WRK -> new WrkLoadGenerator(wrk.orElseThrow(() -> new IllegalStateException(
                    "wrk is not on the PATH: apt-get install -y wrk, or use --generator vertx")), scratch);
            case VERTX -> new VertxLoadGenerator();
            case AUTO -> wrk.<LoadGenerator>map(path -> new WrkLoadGenerator(path, scratch))
                    .orElseGet(VertxLoadGenerator::new);
        };
    }

    /** The benchmark's name for a generator: {@code http-wrk} or {@code http-vertx}. */
    public static String benchmarkName(LoadGenerator generator) {
        return "http-" + generator.name();
    }

    public void run(Report report, LoadGenerator generator, Path scratch) throws Exception {
        report.setting("GET /hello on a hello-world Quarkus app (quarkus-rest, Quarkus "
                + BuildInfo.quarkusVersion() + ", JVM flags " + String.join(" ", HelloApp.SERVICE_JVM_FLAGS) + ") with "
                + generator.name() + ": " + options.connections() + " keep-alive connections, one request in flight "
                + "each (closed loop), " + options.threads() + " generator thread(s) on the same machine, "
                + options.warmupSeconds() + " s warm-up, " + options.seconds() + " s measured");
        try (HelloApp app = HelloApp.start(project, scratch)) {
            LoadResult result = generator.run(app.url(), options.connections(), options.threads(),
                    Duration.ofSeconds(options.warmupSeconds()), Duration.ofSeconds(options.seconds()));
            report.add("http.hello.requests_per_s", result.requestsPerSec(), "req/s");
            report.addLatencies("http.hello", result.latency());
            if (result.series() != null) {
                report.addSeries(result.series());
            }
            long total = result.requests() + result.errors();
            report.setting(String.format(Locale.ROOT, "%,d requests, %,d failed", result.requests(), result.errors()));
            if (result.errors() > 0.01 * Math.max(1, total)) {
                throw new IllegalStateException(result.errors() + " of " + total + " requests failed");
            }
        }
    }
}
