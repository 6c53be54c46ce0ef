package health.rapport.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.bench.Meter;
import health.rapport.bench.Series;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RapportKafkaClientTest {

    @Test
    void theChildsMeasurementSurvivesTheTrip() {
        Histogram latency = new Histogram(3);
        for (int i = 1; i <= 10_000; i++) {
            latency.recordValue(i);
        }
        Series series = new Series("x", "rec/s").add(0.25, 40_000).add(0.5, 42_000.5);
        Meter.Measured sent = new Meter.Measured(120_000, 2.75, latency, series);
        List<String> printed = new ArrayList<>(List.of("[main] WARN some client noise"));
        printed.addAll(RapportKafkaClient.encode(sent));

        Meter.Measured read = RapportKafkaClient.decode(printed, "Rapport produce");

        assertThat(read.units()).isEqualTo(120_000);
        assertThat(read.seconds()).isEqualTo(2.75);
        assertThat(read.rate()).isEqualTo(120_000 / 2.75);
        assertThat(read.latencyMicros().getTotalCount()).isEqualTo(10_000);
        assertThat(read.latencyMicros().getValueAtPercentile(99)).isEqualTo(latency.getValueAtPercentile(99));
        assertThat(read.series().name()).isEqualTo("Rapport produce");
        assertThat(read.series().points()).extracting(Series.Point::value).containsExactly(40_000.0, 42_000.5);
    }

    @Test
    void failsWhenTheChildPrintedNoResult() {
        assertThatThrownBy(() -> RapportKafkaClient.decode(List.of("Exception in thread main"), "x"))
                .hasMessageContaining("printed no result");
    }
}
