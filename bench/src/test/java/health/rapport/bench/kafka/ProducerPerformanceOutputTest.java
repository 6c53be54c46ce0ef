package health.rapport.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.bench.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerPerformanceOutputTest {

    @Test
    void readsTheSteadyStateSummaryOfAWarmedUpRun() {
        ProducerPerformanceOutput output = ProducerPerformanceOutput.parse(Samples.lines("producer-performance-4.4.0.txt"));

        assertThat(output.total().records()).isEqualTo(500_000);
        assertThat(output.total().recordsPerSec()).isEqualTo(72737.852779);
        assertThat(output.steadyState()).isPresent();
        ProducerPerformanceOutput.Summary best = output.best();
        assertThat(best.records()).isEqualTo(400_000);
        assertThat(best.recordsPerSec()).isEqualTo(84656.084656);
        assertThat(best.mbPerSec()).isEqualTo(56.51);
        assertThat(best.avgLatencyMs()).isEqualTo(459.44);
        assertThat(best.maxLatencyMs()).isEqualTo(779.0);
        assertThat(best.p50Ms()).isEqualTo(457);
        assertThat(best.p95Ms()).isEqualTo(707);
        assertThat(best.p99Ms()).isEqualTo(755);
        assertThat(best.p999Ms()).isEqualTo(775);
    }

    @Test
    void keepsTheIntervalsAndWhereTheSteadyStateBegins() {
        ProducerPerformanceOutput output = ProducerPerformanceOutput.parse(Samples.lines("producer-performance-4.4.0.txt"));

        assertThat(output.intervals()).hasSize(6);
        assertThat(output.steadyFrom()).isEqualTo(2);
        assertThat(output.steadyIntervals()).extracting(ProducerPerformanceOutput.Interval::recordsPerSec)
                .containsExactly(20366.0, 109560.0, 92439.2, 104862.3);
        assertThat(output.intervals().get(0).maxLatencyMs()).isEqualTo(456.0);
    }

    @Test
    void withoutWarmUpTheWholeRunIsTheSummary() {
        ProducerPerformanceOutput output =
                ProducerPerformanceOutput.parse(Samples.lines("producer-performance-no-warmup-4.4.0.txt"));

        assertThat(output.steadyState()).isEmpty();
        assertThat(output.steadyFrom()).isZero();
        assertThat(output.best().recordsPerSec()).isEqualTo(50133.689840);
        assertThat(output.best().p999Ms()).isEqualTo(1444);
        assertThat(output.intervals()).hasSize(5);
    }

    @Test
    void failsWithoutASummary() {
        assertThatThrownBy(() -> ProducerPerformanceOutput.parse(List.of(
                "9618 records sent, 9618.0 records/sec (6.42 MB/sec), 169.2 ms avg latency, 456.0 ms max latency.",
                "org.apache.kafka.common.errors.TimeoutException: Topic bench.raw not present in metadata")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no summary").hasMessageContaining("TimeoutException");
    }

    @Test
    void theCommandCarriesTheRelaySettingsAndTheRecordSize() {
        List<String> command = KafkaBench.producerPerformanceCommand(java.nio.file.Path.of("/libs"), "127.0.0.1:9",
                "t", 1000, 200, 776, -1);

        assertThat(command).contains("-cp", "/libs/*", "org.apache.kafka.tools.ProducerPerformance");
        assertThat(String.join(" ", command)).contains("--num-records 1000 --record-size 776 --throughput -1")
                .contains("--warmup-records 200").contains("--record-key-range 3000")
                .contains("--reporting-interval 250")
                .endsWith("--command-property acks=all enable.idempotence=true max.in.flight.requests.per.connection=5 "
                        + "linger.ms=5 delivery.timeout.ms=30000 request.timeout.ms=10000");
        assertThat(command).contains("-Duser.language=en");
    }
}
