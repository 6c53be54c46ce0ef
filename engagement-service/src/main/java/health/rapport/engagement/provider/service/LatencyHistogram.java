package health.rapport.engagement.provider.service;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A mergeable histogram of response latencies: logarithmic buckets growing by 5%, so any percentile it reports
 * is within 2.5% of the true value (the bucket's geometric middle is returned), from 1 second to centuries.
 * Days store their histograms as sparse bucket counts; a window's histogram is the sum of its days'. Merging is
 * exact, so a window's percentile does not depend on how its days were grouped.
 */
public final class LatencyHistogram {

    /** Each bucket's upper bound is this factor times its lower bound. */
    public static final double GROWTH = 1.05;
    /** The largest relative error of a reported percentile. */
    public static final double RELATIVE_ERROR = (Math.sqrt(GROWTH) - 1);

    private static final double LOG_GROWTH = Math.log(GROWTH);

    private final SortedMap<Integer, Long> counts = new TreeMap<>();
    private long total;

    /** Bucket 0 holds latencies under 1 s; bucket b ≥ 1 holds [GROWTH^(b-1), GROWTH^b) seconds. */
    public static int bucketOf(long seconds) {
        if (seconds < 1) {
            return 0;
        }
        return 1 + (int) Math.floor(Math.log(seconds) / LOG_GROWTH + 1e-9);
    }

    /** The value a bucket stands for: the geometric middle of its bounds (0 for bucket 0). */
    public static double valueOf(int bucket) {
        if (bucket <= 0) {
            return 0;
        }
        return Math.pow(GROWTH, bucket - 1) * Math.sqrt(GROWTH);
    }

    public LatencyHistogram add(int bucket, long count) {
        if (count != 0) {
            counts.merge(bucket, count, Long::sum);
            total += count;
        }
        return this;
    }

    public LatencyHistogram addAll(Map<Integer, Long> buckets) {
        buckets.forEach(this::add);
        return this;
    }

    /** The non-empty buckets and their counts, ascending. */
    public Map<Integer, Long> buckets() {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    public long total() {
        return total;
    }

    /** The nearest-rank percentile ({@code p} in (0, 100]) in seconds, rounded; null when empty. */
    public Long percentile(double p) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : counts.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return Math.round(valueOf(bucket.getKey()));
            }
        }
        return Math.round(valueOf(counts.lastKey()));
    }
}
