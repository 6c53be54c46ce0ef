package health.rapport.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak from its Maven Central distribution (unpacked by the stack module's build), with realm
 * {@code rapport} imported from {@code deploy/keycloak/rapport-realm.json} on every start. The in-memory dev
 * database keeps nothing between starts, so the realm file is always the truth.
 */
public final class KeycloakComponent extends Component {

    /** Build-time options; changing them costs a rebuild of the distribution. */
    static final List<String> BUILD_OPTIONS = List.of("--db=dev-mem", "--cache=local");

    public KeycloakComponent(StackSettings settings) {
        super(settings, "keycloak");
    }

    @Override
    public List<StackSettings.Port> ports() {
        return List.of(StackSettings.Port.KEYCLOAK);
    }

    /** The unpacked distribution under {@code stack/target}. */
    public static Path distribution(Path root) {
        Path target = root.resolve("stack/target");
        try (Stream<Path> entries = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return entries.filter(p -> p.getFileName().toString().startsWith("keycloak-"))
                    .filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh")))
                    .findFirst()
                    .orElseThrow(() -> new StackException("the Keycloak distribution is missing under " + target
                            + ": build it with ./mvnw -B package -pl stack -am -DskipTests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void launch() {
        Path kc = distribution(settings.root());
        ensureBuilt(kc);
        installRealm(kc);
        int port = settings.port(StackSettings.Port.KEYCLOAK);
        process.start(List.of(kc.resolve("bin/kc.sh").toString(), "start", "--optimized", "--import-realm",
                        "--http-enabled=true", "--http-host=" + StackSettings.HOST, "--http-port=" + port,
                        "--hostname=" + settings.url(StackSettings.Port.KEYCLOAK), "--log-level=WARN",
                        // kc.sh passes -D arguments to the JVM; on its own command line it marks the script as ours
                        settings.marker()),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin",
                        "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m"),
                settings.home());
    }

    private void ensureBuilt(Path kc) {
        Path marker = kc.resolve(".rapport-build");
        String wanted = String.join(" ", BUILD_OPTIONS);
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(wanted)) {
                return;
            }
            System.out.println("  keycloak: first start, optimising the distribution (about 20 s, once)");
            Files.createDirectories(settings.logDir());
            Process build = new ProcessBuilder(Stream.concat(Stream.of(kc.resolve("bin/kc.sh").toString(), "build"),
                    BUILD_OPTIONS.stream()).toList())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            settings.logDir().resolve("keycloak-build.log").toFile()))
                    .start();
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                throw new StackException("kc.sh build failed; see " + settings.logDir().resolve("keycloak-build.log"));
            }
            Files.writeString(marker, wanted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }

    private void installRealm(Path kc) {
        Path realm = settings.root().resolve("deploy/keycloak/rapport-realm.json");
        try {
            Path importDir = Files.createDirectories(kc.resolve("data/import"));
            Files.copy(realm, importDir.resolve("rapport-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StackException("cannot install the realm from " + realm + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(240);
    }

    @Override
    public boolean healthy() {
        return Http.status(settings.issuer() + "/.well-known/openid-configuration") == 200;
    }

    @Override
    public String endpoint() {
        return settings.url(StackSettings.Port.KEYCLOAK) + " (realm rapport; admin console: admin / admin)";
    }
}
