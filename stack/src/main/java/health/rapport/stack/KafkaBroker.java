package health.rapport.stack;

import health.rapport.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node KRaft Kafka broker run from the jars that module {@code stack/kafka-dist} stages. Used by the
 * local stack and by the services' test resources, so both run the same broker the same way.
 */
public final class KafkaBroker {

    /** Partitions per Rapport topic locally: enough to exercise per-key ordering and rebalancing. */
    public static final int PARTITIONS = 3;

    private final Path root;
    private final Path dir;
    private final int port;
    private final int controllerPort;

    /**
     * @param root the project checkout, whose {@code stack/kafka-dist/target/libs} holds the broker jars
     * @param dir  the broker's own folder (configuration and log segments)
     */
    public KafkaBroker(Path root, Path dir, int port, int controllerPort) {
        this.root = root;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** The staged broker jars under a project checkout. */
    public static Path libsUnder(Path root) {
        Path libs = root.resolve("stack/kafka-dist/target/libs");
        if (!Files.isDirectory(libs)) {
            throw new StackException("Kafka broker jars are missing at " + libs
                    + ": build them with ./mvnw -B package -pl stack/kafka-dist");
        }
        return libs;
    }

    public String bootstrapServers() {
        return StackSettings.HOST + ":" + port;
    }

    /** Writes the configuration and formats the storage on first use; returns the command that runs the broker. */
    public List<String> prepare(String java, String marker) {
        try {
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            Path config = dir.resolve("server.properties");
            Properties props = new Properties();
            props.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", "1"),
                    Map.entry("controller.quorum.bootstrap.servers", StackSettings.HOST + ":" + controllerPort),
                    Map.entry("listeners", "PLAINTEXT://" + StackSettings.HOST + ":" + port + ",CONTROLLER://"
                            + StackSettings.HOST + ":" + controllerPort),
                    Map.entry("advertised.listeners", "PLAINTEXT://" + StackSettings.HOST + ":" + port
                            + ",CONTROLLER://" + StackSettings.HOST + ":" + controllerPort),
                    Map.entry("controller.listener.names", "CONTROLLER"),
                    Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                    Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                    Map.entry("log.dirs", data.toString()),
                    Map.entry("num.partitions", Integer.toString(PARTITIONS)),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("offsets.topic.num.partitions", "5"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                    Map.entry("share.coordinator.state.topic.min.isr", "1"),
                    Map.entry("group.initial.rebalance.delay.ms", "0"),
                    Map.entry("auto.create.topics.enable", "false")));
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "Rapport local broker; written by the stack, edits are overwritten");
            }
            String classpath = libsUnder(root).toAbsolutePath() + "/*";
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(java, classpath, config);
            }
            return List.of(java, marker, "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
                    "-Dlog4j2.level=WARN", "-cp", classpath, "kafka.Kafka", config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format(String java, String classpath, Path config) throws IOException {
        String clusterId = run(List.of(java, "-cp", classpath, "kafka.tools.StorageTool", "random-uuid")).trim();
        String[] lines = clusterId.split("\\R");
        clusterId = lines[lines.length - 1].trim();
        run(List.of(java, "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId,
                "-c", config.toString()));
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new StackException("Kafka storage tool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
        return output;
    }

    public boolean healthy() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(StackSettings.HOST, port), 500);
        } catch (IOException notListening) {
            return false;
        }
        try (Admin admin = admin(2000)) {
            return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates every Rapport topic (dead-letter topics too) that does not exist yet. */
    public void createTopics() {
        try (Admin admin = admin(10_000)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.all()) {
                topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
            }
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StackException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
            awaitLeaders(admin, Topics.all(), Duration.ofSeconds(30));
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("cannot create topics: " + e, e);
        }
    }

    /**
     * Waits until every partition of the topics has a leader. A topic is created before its partitions' leaders
     * are known to the broker's metadata; an idempotent producer that writes in that moment gets
     * {@code NOT_LEADER_OR_FOLLOWER}, and its retries can then stay refused for good with
     * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} (seen here with a producer started right after the topics).
     */
    public static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (ExecutionException notYetKnown) {
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("topics without a partition leader after " + timeout.toSeconds() + " s: " + topics);
            }
            Thread.sleep(100);
        }
    }

    private Admin admin(int timeoutMs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(props);
    }
}
