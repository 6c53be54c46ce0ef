package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Report report = new Report("kafka", new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void printsOneLinePerFigureAsItIsAdded() {
        report.add("a.records_per_s", 10, "rec/s");
        report.add("b.records_per_s", 5, "rec/s", report.require("a.records_per_s"));

        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).endsWith("ratio 0.50");
    }

    @Test
    void aFigureNameIsUniqueWithinABenchmark() {
        report.add("a.records_per_s", 10, "rec/s");

        assertThatThrownBy(() -> report.add("a.records_per_s", 11, "rec/s")).hasMessageContaining("already");
    }

    @Test
    void latencyFiguresStandBesideTheSamePercentileOfTheCeiling() {
        Map<String, Double> raw = new LinkedHashMap<>();
        raw.put("p50", 4.0);
        raw.put("p99.9", 40.0);
        report.addLatencies("kafka.raw.paced", new LatencyProfile("raw", raw));
        Map<String, Double> ours = new LinkedHashMap<>();
        ours.put("p50", 2.0);
        ours.put("p99.9", 60.0);

        report.addLatencies("kafka.rapport.paced", new LatencyProfile("ours", ours), "kafka.raw.paced");

        assertThat(report.require("kafka.rapport.paced.latency_p50_ms").ratio()).hasValue(0.5);
        assertThat(report.require("kafka.rapport.paced.latency_p99_9_ms").ratio()).hasValue(1.5);
        assertThat(report.latencies()).hasSize(2);
    }

    @Test
    void percentilesOfAMicrosecondHistogramAreInMilliseconds() {
        Histogram histogram = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            histogram.recordValue(i * 1000L);
        }

        LatencyProfile profile = LatencyProfile.ofMicros("x", histogram);

        assertThat(profile.millis().keySet()).containsExactly("p50", "p90", "p99", "p99.9", "max");
        assertThat(profile.millis().get("p50")).isCloseTo(500, org.assertj.core.data.Offset.offset(1.0));
        assertThat(profile.millis().get("max")).isCloseTo(1000, org.assertj.core.data.Offset.offset(1.0));
        assertThat(LatencyProfile.figureLabel("p99.9")).isEqualTo("p99_9");
    }
}
