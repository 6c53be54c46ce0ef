package health.rapport.testsupport;

import health.rapport.stack.Cli;
import health.rapport.stack.KafkaBroker;
import health.rapport.stack.ManagedProcess;
import health.rapport.stack.PostgresServer;
import health.rapport.stack.StackSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's packaged {@code quarkus-run.jar} as a child process over its own real Kafka broker and PostgreSQL,
 * for integration tests that must kill the service with SIGKILL or stop the broker under it. Tokens are verified
 * locally against {@link TestTokens}' key. Close it to stop everything and delete the folder.
 */
public final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final String marker;
    private final KafkaBroker broker;
    private final ManagedProcess kafka;
    private final EmbeddedPostgres postgres;
    private final ManagedProcess service;
    private final int port;
    private final Map<String, String> settings;

    private PackagedService(Path dir, Map<String, String> settings) throws IOException {
        this.dir = dir;
        this.settings = Map.copyOf(settings);
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
        marker = "-Drapport.home=" + dir;
        broker = new KafkaBroker(root, dir.resolve("kafka"), StackSettings.freePort(), StackSettings.freePort());
        kafka = new ManagedProcess("kafka", dir.resolve("run"), dir.resolve("logs"), marker);
        startKafka();
        broker.createTopics();
        postgres = PostgresServer.start(StackSettings.freePort(), dir.resolve("postgres"), dir.resolve("pg-work"));
        service = new ManagedProcess("service", dir.resolve("run"), dir.resolve("logs"), marker);
        port = StackSettings.freePort();
    }

    /** Starts the broker and the database (the service itself on {@link #startService()}). */
    public static PackagedService prepare(Map<String, String> settings) {
        try {
            return new PackagedService(Files.createTempDirectory("rapport-packaged-"), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public void startKafka() {
        kafka.start(broker.prepare(java(), marker), Map.of(), dir);
        await(Duration.ofSeconds(90), broker::healthy, () -> "the Kafka broker did not start:\n" + kafka.tail(40));
    }

    public void stopKafka() {
        kafka.stop(Duration.ofSeconds(10));
    }

    /** Starts the module's packaged jar (failsafe runs after package) and waits until it is live. */
    public void startService() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after package");
        }
        String pg = "127.0.0.1:" + postgres.getPort() + "/postgres";
        List<String> command = new ArrayList<>(List.of(java(), marker, "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrapServers(),
                "-Dquarkus.datasource.reactive.url=postgresql://" + pg,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + pg,
                "-Dquarkus.oidc.auth-server-url="));
        TestTokens.verificationConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        service.start(command, Map.of(), dir);
        await(Duration.ofSeconds(90), () -> {
            if (service.running().isEmpty()) {
                throw new IllegalStateException("the service exited:\n" + service.tail(60));
            }
            return status("/q/health/live") == 200;
        }, () -> "the service did not start:\n" + service.tail(60));
    }

    /** SIGKILL: no shutdown hooks, no graceful drain, exactly what a node failure or an OOM kill does. */
    public void killService() {
        ProcessHandle handle = service.running().orElseThrow(() -> new IllegalStateException("not running"));
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the service did not die", e);
        }
    }

    public String serviceLog(int lines) {
        return service.tail(lines);
    }

    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException notYet) {
            return -1;
        }
    }

    @Override
    public void close() {
        service.stop(Duration.ofSeconds(5));
        kafka.stop(Duration.ofSeconds(10));
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the folder goes next anyway
        }
        Cli.deleteTree(dir);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier ready,
            java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
