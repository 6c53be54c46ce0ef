package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeterTest {

    @Test
    void countsOnlyAfterTheWarmUpAndSamplesEverySecond() throws Exception {
        Meter meter = new Meter("sleepy", "ops/s", Duration.ofMillis(100));

        Meter.Measured measured = meter.loop(2, Duration.ofMillis(200), Duration.ofMillis(550), () -> () -> {
            Thread.sleep(1);
            return 3;
        });

        assertThat(measured.units()).isPositive().isEqualTo(measured.latencyMicros().getTotalCount() * 3);
        assertThat(measured.seconds()).isBetween(0.5, 1.0);
        // Two workers sleeping ~1 ms per 3 units: well under 6,000 units/s, well over 0.
        assertThat(measured.rate()).isBetween(100.0, 6_100.0);
        assertThat(measured.series().points()).hasSizeBetween(4, 6);
    }

    @Test
    void aFailingWorkerEndsTheLoopWithItsFailure() {
        AtomicInteger calls = new AtomicInteger();
        Meter meter = new Meter("failing", "ops/s");

        assertThatThrownBy(() -> meter.loop(1, Duration.ZERO, Duration.ofSeconds(30), () -> () -> {
            if (calls.incrementAndGet() > 3) {
                throw new IllegalStateException("database went away");
            }
            return 1;
        })).hasMessage("database went away");
    }

    @Test
    void nothingIsCountedBeforeBegin() {
        Meter meter = new Meter("x", "rec/s");
        meter.record(5, 1000);
        meter.count(5);

        meter.begin();
        meter.count(2);
        Meter.Measured measured = meter.end();

        assertThat(measured.units()).isEqualTo(2);
    }
}
