package health.rapport.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One of Rapport's Quarkus services, run from its packaged {@code quarkus-run.jar}. */
public final class ServiceComponent extends Component {

    private final StackSettings.Port port;
    private final Map<String, String> environment;

    public ServiceComponent(StackSettings settings, String module, StackSettings.Port port,
            Map<String, String> environment) {
        super(settings, module);
        this.port = port;
        this.environment = environment;
    }

    @Override
    public List<StackSettings.Port> ports() {
        return List.of(port);
    }

    public Path jar() {
        return settings.root().resolve(name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    @Override
    public void launch() {
        if (!Files.isRegularFile(jar())) {
            throw new StackException(jar() + " is missing: build with ./mvnw -B package -DskipTests");
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("QUARKUS_HTTP_HOST", StackSettings.HOST);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(settings.port(port)));
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
        env.put("RAPPORT_OIDC_URL", settings.issuer());
        // Keycloak's base URL, for services that call its admin API (notification-service's clinician directory).
        env.put("RAPPORT_KEYCLOAK_URL", settings.url(StackSettings.Port.KEYCLOAK));
        process.start(List.of(javaExecutable(), settings.marker(), "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar().toString()), env, settings.home());
    }

    @Override
    public boolean healthy() {
        return Http.status(settings.url(port) + "/q/health/ready") == 200;
    }

    @Override
    public String endpoint() {
        return settings.url(port);
    }

    /** Environment naming the service's own database. */
    public static Map<String, String> database(StackSettings settings, String database) {
        return Map.of(
                "RAPPORT_DB_HOST", settings.postgresHost(),
                "RAPPORT_DB_PORT", Integer.toString(settings.postgresPort()),
                "RAPPORT_DB_NAME", database,
                "RAPPORT_DB_USER", settings.postgresUser(),
                "RAPPORT_DB_PASSWORD", settings.postgresPassword());
    }
}
