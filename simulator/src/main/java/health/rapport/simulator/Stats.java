package health.rapport.simulator;

import java.util.Arrays;

/** Small numeric helpers: the normal distribution function and exact nearest-rank percentiles. */
public final class Stats {

    private Stats() {
    }

    /** The standard normal distribution function Φ(x), to about 1e-7 (erfc by Numerical Recipes' Chebyshev fit). */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / StrictMath.sqrt(2));
    }

    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /**
     * The nearest-rank percentile of the values: the smallest value with at least {@code p} percent (an integer) of the values
     * at or below it (the value at rank ceil(p/100 * n) of the sorted values). The median is p = 50.
     *
     * @param sorted ascending values, at least one
     */
    public static long nearestRank(long[] sorted, int p) {
        return sorted[rank(sorted.length, p) - 1];
    }

    public static long nearestRank(int[] sorted, int p) {
        return sorted[rank(sorted.length, p) - 1];
    }

    /** ceil(p * n / 100) in integers, within [1, n]. */
    static int rank(int n, int p) {
        if (n < 1 || p < 0 || p > 100) {
            throw new IllegalArgumentException("need values and a percentage in [0, 100]");
        }
        long rank = ((long) p * n + 99) / 100;
        return (int) Math.max(1, Math.min(n, rank));
    }

    /** The median of unsorted values by nearest rank (sorts a copy). */
    public static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return nearestRank(sorted, 50);
    }
}
