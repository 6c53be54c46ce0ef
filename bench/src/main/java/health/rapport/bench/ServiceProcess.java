package health.rapport.bench;

import health.rapport.stack.ManagedProcess;
import health.rapport.stack.StackSettings;
import health.rapport.testsupport.TestTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Rapport service from its packaged quarkus-app, in a child JVM with the heap of the Kubernetes deployment
 * ({@link #JVM_FLAGS}), against the benchmark's own Kafka and PostgreSQL. Tokens are verified
 * locally against the test key of {@link TestTokens} (no OIDC server).
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * The heap a pod of deploy/k8s gets: a 768 MiB limit with the image's MaxRAMPercentage=75 and
     * InitialRAMPercentage=50, and the serial collector the JVM picks for a one-CPU container. Until 2026-12-02
     * the benchmarks used the local stack's -Xms32m -Xmx256m, smaller than production: its young generation
     * started at about 10 MB, and the EHR ingest spent 4 s of 45 in young collections (JFR).
     */
    public static final List<String> JVM_FLAGS = List.of("-Xms384m", "-Xmx576m", "-XX:+UseSerialGC");

    private final ManagedProcess process;
    private final int port;
    private final Thread hook;

    private ServiceProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
        this.hook = new Thread(() -> process.stop(Duration.ofSeconds(10)));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The system properties the service gets: servers, database, token verification, port. */
    static Map<String, String> properties(String bootstrapServers, String pgHostPort, String database, int port) {
        Map<String, String> p = new TreeMap<>();
        p.put("quarkus.http.port", Integer.toString(port));
        p.put("quarkus.http.host", StackSettings.HOST);
        p.put("kafka.bootstrap.servers", bootstrapServers);
        p.put("quarkus.datasource.reactive.url", "postgresql://" + pgHostPort + "/" + database);
        p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + pgHostPort + "/" + database);
        p.put("quarkus.datasource.username", "postgres");
        p.put("quarkus.datasource.password", "postgres");
        p.put("quarkus.oidc.auth-server-url", "");
        p.putAll(TestTokens.verificationConfig());
        return p;
    }

    public static ServiceProcess messageService(Project project, Path scratch, String bootstrapServers,
            String pgHostPort, String database, List<String> extraJvmFlags) {
        return start("message-service", project.messageServiceJar(), scratch, bootstrapServers, pgHostPort, database,
                Map.of(), extraJvmFlags);
    }

    /** engagement-service; {@code extraProperties} are system properties beside the servers' (its zone, say). */
    public static ServiceProcess engagementService(Project project, Path scratch, String bootstrapServers,
            String pgHostPort, String database, Map<String, String> extraProperties, List<String> extraJvmFlags) {
        return start("engagement-service", project.engagementServiceJar(), scratch, bootstrapServers, pgHostPort,
                database, extraProperties, extraJvmFlags);
    }

    /**
     * The gateway in front of {@code upstreams} (service name to base URL), verifying tokens with the same test key;
     * {@code extraProperties} override its settings (rate limits, say).
     */
    public static ServiceProcess gateway(Project project, Path scratch, Map<String, String> upstreams,
            Map<String, String> extraProperties) {
        int port = StackSettings.freePort();
        Map<String, String> props = new TreeMap<>();
        props.put("quarkus.http.port", Integer.toString(port));
        props.put("quarkus.http.host", StackSettings.HOST);
        props.put("quarkus.oidc.auth-server-url", "");
        props.putAll(TestTokens.verificationConfig());
        upstreams.forEach((name, url) -> props.put("rapport.gateway.upstream." + name, url));
        props.putAll(extraProperties);
        return launch("gateway", project.gatewayJar(), scratch, port, props, List.of());
    }

    private static ServiceProcess start(String name, Path jar, Path scratch, String bootstrapServers,
            String pgHostPort, String database, Map<String, String> extraProperties, List<String> extraJvmFlags) {
        int port = StackSettings.freePort();
        Map<String, String> props = properties(bootstrapServers, pgHostPort, database, port);
        props.putAll(extraProperties);
        return launch(name, jar, scratch, port, props, extraJvmFlags);
    }

    private static ServiceProcess launch(String name, Path jar, Path scratch, int port, Map<String, String> props,
            List<String> extraJvmFlags) {
        String marker = "-Drapport.home=" + scratch;
        ManagedProcess process = new ManagedProcess(name, scratch.resolve("run"), scratch.resolve("logs"),
                marker);
        List<String> command = new ArrayList<>(List.of(Project.java(), marker));
        command.addAll(JVM_FLAGS);
        command.addAll(extraJvmFlags);
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        process.start(command, Map.of(), scratch);
        ServiceProcess service = new ServiceProcess(process, port);
        try {
            AwaitHttp.until(process, URI.create(service.base() + "/q/health/ready"), r -> r.statusCode() == 200,
                    Duration.ofSeconds(90), name);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    public int port() {
        return port;
    }

    public String base() {
        return "http://" + StackSettings.HOST + ":" + port;
    }

    public String tail(int lines) {
        return process.tail(lines);
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
