package health.rapport.testsupport;

import health.rapport.stack.Cli;
import health.rapport.stack.KafkaBroker;
import health.rapport.stack.ManagedProcess;
import health.rapport.stack.PostgresServer;
import health.rapport.stack.StackSettings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a real Kafka broker (KRaft, child JVM, the same one the local stack runs) and a real PostgreSQL
 * server for a module's {@code @QuarkusTest}s, once per test run of the module: every test class names this
 * resource, so Quarkus shares one application and one set of servers among them. Tokens are verified locally
 * against {@link TestTokens}' key, so no Keycloak is needed at this level (the end-to-end suite uses the real one).
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private EmbeddedPostgres postgres;
    private ManagedProcess kafkaProcess;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
            dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "rapport-test-");
            int kafkaPort = StackSettings.freePort();
            int controllerPort = StackSettings.freePort();
            KafkaBroker broker = new KafkaBroker(root, dir.resolve("kafka"), kafkaPort, controllerPort);
            String marker = "-Drapport.home=" + dir;
            kafkaProcess = new ManagedProcess("kafka", dir.resolve("run"), dir.resolve("logs"), marker);
            String java = ProcessHandle.current().info().command().orElse("java");
            kafkaProcess.start(broker.prepare(java, marker), Map.of(), dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> kafkaProcess.stop(Duration.ofSeconds(10))));

            postgres = PostgresServer.start(StackSettings.freePort(), dir.resolve("postgres"), dir.resolve("pg-work"));
            awaitKafka(broker);
            broker.createTopics();

            String pg = "127.0.0.1:" + postgres.getPort() + "/postgres";
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            config.put("quarkus.datasource.reactive.url", "postgresql://" + pg);
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + pg);
            config.put("quarkus.datasource.username", "postgres");
            config.put("quarkus.datasource.password", "postgres");
            config.putAll(TestTokens.verificationConfig());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitKafka(KafkaBroker broker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!broker.healthy()) {
            if (kafkaProcess.running().isEmpty()) {
                throw new IllegalStateException("the test Kafka broker exited:\n" + kafkaProcess.tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the test Kafka broker did not start:\n" + kafkaProcess.tail(40));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void stop() {
        if (kafkaProcess != null) {
            kafkaProcess.stop(Duration.ofSeconds(10));
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // the folder goes next anyway
        }
        if (dir != null) {
            Cli.deleteTree(dir);
        }
    }
}
