package health.rapport.engagement.provider.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTheStatedRelativeErrorOfTheExactOnes() {
        Random random = new Random(42);
        long[] values = new long[20_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // heavy-tailed, like reply delays: minutes to weeks
            values[i] = 60 + (long) Math.exp(random.nextDouble() * 14);
            histogram.add(LatencyHistogram.bucketOf(values[i]), 1);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 99}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) histogram.percentile(p)).as("p" + p)
                    .isBetween(exact * (1 - LatencyHistogram.RELATIVE_ERROR) - 1, exact * (1 + LatencyHistogram.RELATIVE_ERROR) + 1);
        }
        assertThat(LatencyHistogram.RELATIVE_ERROR).isLessThan(0.025);
    }

    @Test
    void mergingDaysGivesTheSameHistogramAsOneDay() {
        LatencyHistogram whole = new LatencyHistogram();
        LatencyHistogram monday = new LatencyHistogram();
        LatencyHistogram tuesday = new LatencyHistogram();
        for (long seconds = 1; seconds < 500_000; seconds = seconds * 3 + 7) {
            whole.add(LatencyHistogram.bucketOf(seconds), 1);
            (seconds % 2 == 0 ? monday : tuesday).add(LatencyHistogram.bucketOf(seconds), 1);
        }
        LatencyHistogram merged = new LatencyHistogram()
                .addAll(HistogramText.parse(HistogramText.format(monday.buckets())))
                .addAll(HistogramText.parse(HistogramText.format(tuesday.buckets())));
        assertThat(merged.total()).isEqualTo(whole.total());
        for (double p : new double[] {10, 50, 90, 100}) {
            assertThat(merged.percentile(p)).isEqualTo(whole.percentile(p));
        }
    }

    @Test
    void anEmptyHistogramHasNoPercentileAndZeroIsItsOwnBucket() {
        assertThat(new LatencyHistogram().percentile(50)).isNull();
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(new LatencyHistogram().add(0, 3).percentile(50)).isZero();
        assertThat(LatencyHistogram.bucketOf(1)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(2)).isGreaterThan(LatencyHistogram.bucketOf(1));
    }
}
