package health.rapport.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConstantRateGeneratorTest {

    @Test
    void requestsAreDueAtEvenIntervalsFromTheStart() {
        assertThat(ConstantRateGenerator.intendedNanos(1_000, 0, 200)).isEqualTo(1_000);
        assertThat(ConstantRateGenerator.intendedNanos(1_000, 1, 200)).isEqualTo(1_000 + 5_000_000);
        assertThat(ConstantRateGenerator.intendedNanos(0, 200, 200)).isEqualTo(1_000_000_000L);
        // No drift: the 3,000,000th request at 3 req/s is due at exactly 1,000,000 s.
        assertThat(ConstantRateGenerator.intendedNanos(0, 3_000_000, 3)).isEqualTo(1_000_000_000_000_000L);
        assertThatThrownBy(() -> ConstantRateGenerator.intendedNanos(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsTheRequestsDueWithinAWindow() {
        assertThat(ConstantRateGenerator.dueWithin(10_000_000_000L, 200)).isEqualTo(2_000);
        assertThat(ConstantRateGenerator.dueWithin(1, 200)).isEqualTo(1);
        assertThat(ConstantRateGenerator.dueWithin(0, 200)).isZero();
    }
}
