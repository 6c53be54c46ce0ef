package health.rapport.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.stack.StackSettings.Port;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSettingsTest {

    private static final Path ROOT = Path.of("/srv/rapport");

    @Test
    void defaultsAreTheDocumentedPortsAndHome() {
        StackSettings settings = StackSettings.fromEnvironment(ROOT, Map.of());
        assertThat(settings.home()).isEqualTo(ROOT.resolve(".rapport"));
        assertThat(settings.port(Port.GATEWAY)).isEqualTo(8080);
        assertThat(settings.port(Port.MESSAGE_SERVICE)).isEqualTo(8081);
        assertThat(settings.port(Port.ENGAGEMENT_SERVICE)).isEqualTo(8082);
        assertThat(settings.port(Port.NOTIFICATION_SERVICE)).isEqualTo(8083);
        assertThat(settings.port(Port.KEYCLOAK)).isEqualTo(8180);
        assertThat(settings.port(Port.KAFKA)).isEqualTo(9092);
        assertThat(settings.port(Port.SMTP)).isEqualTo(2525);
        assertThat(settings.externalPostgres()).isNull();
        assertThat(settings.seedDemoData()).isTrue();
        assertThat(settings.issuer()).isEqualTo("http://127.0.0.1:8180/realms/rapport");
    }

    @Test
    void environmentOverridesPortsHomeAndPostgres() {
        StackSettings settings = StackSettings.fromEnvironment(ROOT, Map.of(
                "RAPPORT_GATEWAY_PORT", "9080",
                "RAPPORT_HOME", "/tmp/elsewhere",
                "RAPPORT_POSTGRES_HOST", "db.internal",
                "RAPPORT_POSTGRES_PORT", "6543",
                "RAPPORT_POSTGRES_USER", "rapport",
                "RAPPORT_DEMO_DATA", "false"));
        assertThat(settings.port(Port.GATEWAY)).isEqualTo(9080);
        assertThat(settings.home()).isEqualTo(Path.of("/tmp/elsewhere"));
        assertThat(settings.postgresHost()).isEqualTo("db.internal");
        assertThat(settings.postgresPort()).isEqualTo(6543);
        assertThat(settings.postgresUser()).isEqualTo("rapport");
        assertThat(settings.seedDemoData()).isFalse();
        assertThat(new PostgresComponent(settings).managed()).isFalse();
        assertThat(new PostgresComponent(settings).ports()).isEmpty();
    }

    @Test
    void aBadPortNamesTheVariable() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(ROOT, Map.of("RAPPORT_KAFKA_PORT", "ninety")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("RAPPORT_KAFKA_PORT=ninety");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(ROOT, Map.of("RAPPORT_SMTP_PORT", "70000")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("RAPPORT_SMTP_PORT");
    }

    @Test
    void testSettingsUseDistinctFreePorts() {
        StackSettings settings = StackSettings.forTests(ROOT, Path.of("/tmp/x"));
        assertThat(settings.ports().values()).doesNotHaveDuplicates().noneMatch(p -> p < 1024);
        assertThat(settings.seedDemoData()).isFalse();
    }
}
