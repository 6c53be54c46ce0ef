package health.rapport.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the local stack lives and which ports it takes. Defaults are the documented ports; each can be
 * overridden by an environment variable such as {@code RAPPORT_GATEWAY_PORT}.
 *
 * @param root           the project checkout (its built artifacts are started from there)
 * @param home           the one folder that holds state, logs and pid files
 * @param ports          port per {@link Port}
 * @param externalPostgres when set, an existing PostgreSQL server to use instead of starting one
 * @param seedDemoData   whether {@code up} creates demo threads
 */
public record StackSettings(Path root, Path home, Map<Port, Integer> ports, ExternalPostgres externalPostgres,
        boolean seedDemoData) {

    public static final String HOST = "127.0.0.1";

    /** Every port the stack opens, with its default and the variable that overrides it. */
    public enum Port {
        GATEWAY("gateway", 8080),
        MESSAGE_SERVICE("message-service", 8081),
        ENGAGEMENT_SERVICE("engagement-service", 8082),
        NOTIFICATION_SERVICE("notification-service", 8083),
        KEYCLOAK("keycloak", 8180),
        KAFKA("kafka", 9092),
        KAFKA_CONTROLLER("kafka (controller)", 9093),
        POSTGRES("postgres", 5432),
        SMTP("smtp", 2525),
        SMTP_API("smtp (web API)", 8025);

        private final String owner;
        private final int defaultPort;

        Port(String owner, int defaultPort) {
            this.owner = owner;
            this.defaultPort = defaultPort;
        }

        public String owner() {
            return owner;
        }

        public int defaultPort() {
            return defaultPort;
        }

        public String variable() {
            return "RAPPORT_" + name() + "_PORT";
        }
    }

    /** An existing PostgreSQL server named by configuration. */
    public record ExternalPostgres(String host, int port, String user, String password) {
    }

    public int port(Port port) {
        return ports.get(port);
    }

    public Path runDir() {
        return home.resolve("run");
    }

    public Path logDir() {
        return home.resolve("logs");
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    /** The class path of this module's own processes (PostgreSQL holder, SMTP catcher, the command line). */
    public String stackClasspath() {
        Path target = root.resolve("stack/target");
        return target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*";
    }

    /** The text every process of this stack carries on its command line. */
    public String marker() {
        return "-Drapport.home=" + home;
    }

    public String postgresHost() {
        return externalPostgres != null ? externalPostgres.host() : HOST;
    }

    public int postgresPort() {
        return externalPostgres != null ? externalPostgres.port() : port(Port.POSTGRES);
    }

    public String postgresUser() {
        return externalPostgres != null ? externalPostgres.user() : "postgres";
    }

    public String postgresPassword() {
        return externalPostgres != null ? externalPostgres.password() : "postgres";
    }

    public String url(Port port) {
        return "http://" + HOST + ":" + port(port);
    }

    public String issuer() {
        return url(Port.KEYCLOAK) + "/realms/rapport";
    }

    public String kafkaBootstrap() {
        return HOST + ":" + port(Port.KAFKA);
    }

    /** Settings from the environment: {@code RAPPORT_HOME}, the port variables, {@code RAPPORT_POSTGRES_HOST}... */
    public static StackSettings fromEnvironment(Path root, Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("RAPPORT_HOME", root.resolve(".rapport").toString()))
                .toAbsolutePath().normalize();
        Map<Port, Integer> ports = new LinkedHashMap<>();
        for (Port port : Port.values()) {
            String value = env.get(port.variable());
            ports.put(port, value == null || value.isBlank() ? port.defaultPort() : parsePort(port, value));
        }
        ExternalPostgres external = null;
        if (env.containsKey("RAPPORT_POSTGRES_HOST")) {
            external = new ExternalPostgres(env.get("RAPPORT_POSTGRES_HOST"),
                    ports.get(Port.POSTGRES),
                    env.getOrDefault("RAPPORT_POSTGRES_USER", "postgres"),
                    env.getOrDefault("RAPPORT_POSTGRES_PASSWORD", "postgres"));
        }
        boolean demo = !"false".equalsIgnoreCase(env.getOrDefault("RAPPORT_DEMO_DATA", "true"));
        return new StackSettings(root.toAbsolutePath().normalize(), home, Map.copyOf(ports), external, demo);
    }

    /** Settings for a test run: a private home and free ports, so it never collides with a running stack. */
    public static StackSettings forTests(Path root, Path home) {
        Map<Port, Integer> ports = new LinkedHashMap<>();
        for (Port port : Port.values()) {
            ports.put(port, freePort());
        }
        return new StackSettings(root.toAbsolutePath().normalize(), home.toAbsolutePath().normalize(),
                Map.copyOf(ports), null, false);
    }

    public StackSettings withPorts(Function<Map<Port, Integer>, Map<Port, Integer>> change) {
        return new StackSettings(root, home, Map.copyOf(change.apply(new LinkedHashMap<>(ports))), externalPostgres,
                seedDemoData);
    }

    public StackSettings withDemoData(boolean seed) {
        return new StackSettings(root, home, ports, externalPostgres, seed);
    }

    private static int parsePort(Port port, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1 || parsed > 65535) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new StackException(port.variable() + "=" + value + " is not a port number (1-65535)");
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
