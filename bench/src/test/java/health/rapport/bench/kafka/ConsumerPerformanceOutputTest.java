package health.rapport.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.bench.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerPerformanceOutputTest {

    @Test
    void readsTheSummaryByColumnName() {
        ConsumerPerformanceOutput output = ConsumerPerformanceOutput.parse(Samples.lines("consumer-performance-4.4.0.txt"));

        assertThat(output.records()).isEqualTo(800_000);
        assertThat(output.megabytes()).isEqualTo(536.828);
        assertThat(output.recordsPerSec()).isEqualTo(214765.1007);
        assertThat(output.fetchRecordsPerSec()).isEqualTo(274254.3709);
        assertThat(output.fetchMbPerSec()).isEqualTo(184.0343);
        assertThat(output.rebalanceMs()).isEqualTo(808);
    }

    @Test
    void failsWithoutASummary() {
        assertThatThrownBy(() -> ConsumerPerformanceOutput.parse(List.of("WARN something")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no summary");
        assertThatThrownBy(() -> ConsumerPerformanceOutput.parse(List.of("start.time, end.time, nMsg.sec", "1, 2")))
                .hasMessageContaining("3 columns but 2 values");
    }
}
