package health.rapport.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one measurement, in milliseconds, keyed by label ({@code p50}, {@code p99.9}, {@code max}),
 * in the order they are drawn.
 */
public record LatencyProfile(String name, Map<String, Double> millis) {

    /** The percentiles every built-in measurement reports. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

    public LatencyProfile {
        millis = Collections.unmodifiableMap(new LinkedHashMap<>(millis));
    }

    /** From a histogram recorded in microseconds, at {@link #PERCENTILES} and the maximum. */
    public static LatencyProfile ofMicros(String name, Histogram micros) {
        return ofMicros(name, micros, PERCENTILES);
    }

    /** From a histogram recorded in microseconds, at the given percentiles and the maximum. */
    public static LatencyProfile ofMicros(String name, Histogram micros, double... percentiles) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (double p : percentiles) {
            values.put(label(p), micros.getValueAtPercentile(p) / 1000.0);
        }
        values.put("max", micros.getMaxValue() / 1000.0);
        return new LatencyProfile(name, values);
    }

    /** {@code 50 → "p50"}, {@code 99.9 → "p99.9"}. */
    public static String label(double percentile) {
        return percentile == Math.rint(percentile) ? "p" + (long) percentile : "p" + percentile;
    }

    /** {@code "p99.9" → "p99_9"}: the form used inside figure names. */
    public static String figureLabel(String label) {
        return label.replace('.', '_');
    }
}
