package health.rapport.bench.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @Test
    void ordersLikeFlywayAcrossFolders(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path own = Files.createDirectories(dir.resolve("own"));
        for (String name : List.of("V10__later.sql", "V1__first.sql", "V1_2__fix.sql", "README.md", "R__view.sql")) {
            Files.writeString(own.resolve(name), "");
        }
        Files.writeString(shared.resolve("V0_1__outbox.sql"), "");

        assertThat(Migrations.ordered(List.of(own, shared))).extracting(p -> p.getFileName().toString())
                .containsExactly("V0_1__outbox.sql", "V1__first.sql", "V1_2__fix.sql", "V10__later.sql");
    }

    @Test
    void findsTheServicesOwnMigrations() {
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();

        List<String> message = Migrations.ordered(Migrations.messageService(root)).stream()
                .map(p -> p.getFileName().toString()).toList();
        List<String> engagement = Migrations.ordered(Migrations.engagementService(root)).stream()
                .map(p -> p.getFileName().toString()).toList();

        assertThat(message).startsWith("V0_1__outbox_and_processed_event.sql").contains("V1__threads_messages.sql");
        assertThat(engagement).startsWith("V0_1__outbox_and_processed_event.sql").contains("V1__daily_counts.sql");
    }
}
