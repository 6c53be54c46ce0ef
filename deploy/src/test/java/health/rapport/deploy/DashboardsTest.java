package health.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The dashboards use only the rapport_* metrics the services really register (Micrometer meter names). */
class DashboardsTest {

    private static final Pattern METER = Pattern.compile("(?:counter|Gauge\\.builder|Counter\\.builder|Timer\\.builder)"
            + "\\(\"(rapport\\.[a-z.]+)\"");
    private static final Pattern USED = Pattern.compile("rapport_[a-z_]+");

    @Test
    void everyRapportMetricOfTheDashboardsExists() throws IOException {
        Set<String> exposed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Manifests.root())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")
                    && !p.toString().contains("/target/")).toList()) {
                Matcher m = METER.matcher(Files.readString(f));
                while (m.find()) {
                    String base = m.group(1).replace('.', '_');
                    exposed.addAll(Set.of(base, base + "_total", base + "_seconds"));
                }
            }
        }
        assertThat(exposed).contains("rapport_outbox_backlog", "rapport_outbox_lag_seconds",
                "rapport_outbox_published_total");
        Path dir = Manifests.k8s().resolve("base/monitoring/dashboards");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                JsonNode dashboard = Manifests.YAML.readTree(f.toFile());
                assertThat(dashboard.path("panels")).as(f.toString()).isNotEmpty();
                Matcher m = USED.matcher(dashboard.toString());
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(exposed).containsAll(used);
    }
}
