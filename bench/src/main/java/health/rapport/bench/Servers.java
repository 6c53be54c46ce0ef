package health.rapport.bench;

import health.rapport.stack.KafkaBroker;
import health.rapport.stack.ManagedProcess;
import health.rapport.stack.PostgresServer;
import health.rapport.stack.StackSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The real servers a benchmark runs against, started the way the local stack and the tests start them (stack's
 * {@link KafkaBroker}, {@link PostgresServer}), on free ports inside the run's scratch folder. Each is closed,
 * and its process ended, when the benchmark ends, also on Ctrl-C.
 */
public final class Servers {

    private Servers() {
    }

    /** A single-node KRaft broker in a child JVM. */
    public static final class Kafka implements AutoCloseable {

        private final KafkaBroker broker;
        private final ManagedProcess process;
        private final Thread hook;

        private Kafka(KafkaBroker broker, ManagedProcess process) {
            this.broker = broker;
            this.process = process;
            this.hook = new Thread(() -> process.stop(Duration.ofSeconds(10)));
            Runtime.getRuntime().addShutdownHook(hook);
        }

        public static Kafka start(Project project, Path scratch) {
            KafkaBroker broker = new KafkaBroker(project.root(), scratch.resolve("kafka"), StackSettings.freePort(),
                    StackSettings.freePort());
            String marker = "-Drapport.home=" + scratch;
            ManagedProcess process = new ManagedProcess("kafka", scratch.resolve("run"), scratch.resolve("logs"), marker);
            process.start(broker.prepare(Project.java(), marker), Map.of(), scratch);
            Kafka kafka = new Kafka(broker, process);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!broker.healthy()) {
                if (process.running().isEmpty() || System.nanoTime() > deadline) {
                    kafka.close();
                    throw new IllegalStateException("the Kafka broker did not start:\n" + process.tail(40));
                }
                sleep(200);
            }
            return kafka;
        }

        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        /** Creates topics with {@link KafkaBroker#PARTITIONS} partitions each, as Rapport's topics have. */
        public void createTopics(List<String> names) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            try (Admin admin = Admin.create(props)) {
                admin.createTopics(names.stream().map(n -> new NewTopic(n, KafkaBroker.PARTITIONS, (short) 1)).toList())
                        .all().get(30, TimeUnit.SECONDS);
                KafkaBroker.awaitLeaders(admin, names, Duration.ofSeconds(30));
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot create topics " + names + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topics " + names + ": " + e, e);
            }
        }

        @Override
        public void close() {
            process.stop(Duration.ofSeconds(10));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** Real PostgreSQL 17 (zonky's embedded binaries, unpacked once under bench/target). */
    public static final class Postgres implements AutoCloseable {

        private final EmbeddedPostgres server;
        private final Thread hook;

        private Postgres(EmbeddedPostgres server) {
            this.server = server;
            this.hook = new Thread(this::stop);
            Runtime.getRuntime().addShutdownHook(hook);
        }

        public static Postgres start(Project project, Path scratch) {
            try {
                return new Postgres(PostgresServer.start(StackSettings.freePort(), scratch.resolve("postgres"),
                        project.postgresBinaries()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL", e);
            }
        }

        public int port() {
            return server.getPort();
        }

        /** A JDBC URL of a database on this server, with extra parameters ({@code reWriteBatchedInserts=true}). */
        public String url(String database, String parameters) {
            return "jdbc:postgresql://" + StackSettings.HOST + ":" + port() + "/" + database
                    + (parameters == null || parameters.isEmpty() ? "" : "?" + parameters);
        }

        public Connection connect(String database, String parameters) throws SQLException {
            return DriverManager.getConnection(url(database, parameters), "postgres", "postgres");
        }

        public void createDatabase(String name) throws SQLException {
            try (Connection c = connect("postgres", null); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
        }

        private void stop() {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            }
        }

        @Override
        public void close() {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
