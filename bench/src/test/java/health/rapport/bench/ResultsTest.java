package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

    private static final Machine MACHINE = new Machine(2, 23.5, "17.0.15", "OpenJDK 64-Bit Server VM, Debian",
            "Linux 6.1 amd64", "AMD EPYC");

    private static Report kafka(double raw, double rapport) {
        Report report = new Report("kafka", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Figure ceiling = report.add("kafka.raw.produce.records_per_s", raw, "rec/s");
        report.add("kafka.rapport.produce.records_per_s", rapport, "rec/s", ceiling);
        report.setting("record size 776 B");
        return report;
    }

    @Test
    void appendsOneCsvRowPerFigureUnderOneHeader(@TempDir Path dir) throws Exception {
        Results results = new Results(dir);
        Run first = new Run(Instant.parse("2026-12-01T09:00:00Z"), "3d8c357", MACHINE);
        Run second = new Run(Instant.parse("2026-12-01T10:00:00Z"), "unknown", MACHINE);

        results.write(first, kafka(80_000, 60_000));
        results.write(second, kafka(90_000, 45_000));

        List<String> lines = Files.readAllLines(results.csv());
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("date,git_revision,cores,ram_gib,java,benchmark,figure,value,unit,ceiling,"
                + "ceiling_value,ratio");
        assertThat(Csv.parse(lines.get(1))).containsExactly("2026-12-01T09:00:00Z", "3d8c357", "2", "23.5", "17.0.15",
                "kafka", "kafka.raw.produce.records_per_s", "80000", "rec/s", "", "", "");
        assertThat(Csv.parse(lines.get(2))).containsExactly("2026-12-01T09:00:00Z", "3d8c357", "2", "23.5", "17.0.15",
                "kafka", "kafka.rapport.produce.records_per_s", "60000", "rec/s", "kafka.raw.produce.records_per_s",
                "80000", "0.75");
        assertThat(Csv.parse(lines.get(4))).element(11).isEqualTo("0.5");
        assertThat(Csv.parse(lines.get(4))).element(1).isEqualTo("unknown");
    }

    @Test
    void latestHoldsTheLatestRunOfEachBenchmark(@TempDir Path dir) throws Exception {
        Results results = new Results(dir);
        Run first = new Run(Instant.parse("2026-12-01T09:00:00Z"), "aaaaaaa", MACHINE);
        Run second = new Run(Instant.parse("2026-12-01T10:00:00Z"), "bbbbbbb", MACHINE);
        Report postgres = new Report("postgres", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        postgres.add("pg.raw.insert.rows_per_s", 33_775, "rows/s");

        results.write(first, kafka(80_000, 60_000));
        results.write(first, postgres);
        results.write(second, kafka(90_000, 45_000));

        String latest = Files.readString(results.latest());
        assertThat(latest).startsWith("# Latest benchmark results");
        assertThat(latest).contains("| kafka.rapport.produce.records_per_s | 45,000 | rec/s | "
                + "kafka.raw.produce.records_per_s | 90,000 | 0.50 |");
        assertThat(latest).contains("| kafka.raw.produce.records_per_s | 90,000 | rec/s | — | — | — |");
        assertThat(latest).doesNotContain("60,000");
        assertThat(latest).contains("| pg.raw.insert.rows_per_s | 33,775 | rows/s | — | — | — |");
        assertThat(latest).contains("Run 2026-12-01T10:00:00Z, git `bbbbbbb`, 2 cores, 23.5 GiB RAM, Java 17.0.15");
        assertThat(latest).contains("- record size 776 B");
        assertThat(latest.indexOf("## kafka")).isLessThan(latest.indexOf("## postgres"));
    }

    @Test
    void refusesACsvWithOtherColumns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("results.csv"), "date,figure,value\n");

        assertThatThrownBy(() -> new Results(dir).write(new Run(Instant.EPOCH, "x", MACHINE), kafka(1, 1)))
                .hasMessageContaining("other columns");
    }

    @Test
    void drawsThePlotsAsPng(@TempDir Path dir) throws Exception {
        Report report = kafka(80_000, 60_000);
        report.addSeries(new Series("raw", "rec/s").add(1, 70_000).add(2, 80_000));
        report.addProfile(new LatencyProfile("raw", java.util.Map.of("p50", 1.5, "max", 20.0)));

        List<Path> written = new Results(dir).write(new Run(Instant.EPOCH, "x", MACHINE), report);

        assertThat(written).contains(dir.resolve("kafka-throughput.png"), dir.resolve("kafka-latency.png"));
        for (String png : List.of("kafka-throughput.png", "kafka-latency.png")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            assertThat(bytes.length).isGreaterThan(5_000);
        }
        assertThat(Files.readString(dir.resolve("latest.md"))).contains("![kafka-throughput](kafka-throughput.png)");
    }
}
