package health.rapport.simulator;

/**
 * A seeded pseudo-random generator: SplitMix64, the algorithm behind {@link java.util.SplittableRandom}, written
 * out here so that the output never depends on a JDK's implementation of bounded draws or Gaussians. Every entity
 * (clinician, patient, thread) gets its own generator derived from the run seed and the entity's identity
 * ({@link #derive}), so what one entity does never depends on the order in which others were generated.
 *
 * <p>All floating-point work in the simulator goes through {@link StrictMath}, whose results are bit-exact on
 * every platform; together with this generator that makes a run byte-for-byte reproducible.
 */
public final class Rng {

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The generator of one entity: a stream for (seed, domain, a, b), independent of every other tuple. */
    public static Rng derive(long seed, long domain, long a, long b) {
        long h = mix64(seed ^ GOLDEN);
        h = mix64(h ^ (domain * 0xd1b54a32d192ed03L));
        h = mix64(h ^ (a * 0xaef17502108ef2d9L));
        h = mix64(h ^ (b * 0xf58ac1b4d9d84e6bL));
        return new Rng(h);
    }

    /** The SplitMix64 finaliser (Stafford's variant 13). */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN;
        return mix64(state);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in (0, 1]: safe to take the logarithm of. */
    public double nextOpenDouble() {
        return ((nextLong() >>> 11) + 1) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound), without modulo bias (rejection sampling). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound);
        while (true) {
            long r = nextLong() >>> 33;
            if (r < limit) {
                return (int) (r % bound);
            }
        }
    }

    /** Uniform in [min, max]. */
    public int nextInt(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    public double nextDouble(double min, double max) {
        return min + (max - min) * nextDouble();
    }

    public boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Standard normal, by Marsaglia's polar method (no JDK Gaussian involved). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Exponential with mean 1. */
    public double nextExponential() {
        return -StrictMath.log(nextOpenDouble());
    }

    /** Log-normal with the given median and shape (sigma of the logarithm). */
    public double nextLogNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * nextGaussian());
    }

    /** Gamma with the given shape and scale (Marsaglia and Tsang, with the shape &lt; 1 boost). */
    public double nextGamma(double shape, double scale) {
        if (shape < 1) {
            double u = nextOpenDouble();
            return nextGamma(shape + 1, scale) * StrictMath.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / StrictMath.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = nextOpenDouble();
            if (u < 1 - 0.0331 * x * x * x * x || StrictMath.log(u) < 0.5 * x * x + d * (1 - v + StrictMath.log(v))) {
                return d * v * scale;
            }
        }
    }

    /** Picks an index with probability proportional to the weights' increments (a cumulative array). */
    public int pickCumulative(double[] cumulative) {
        double x = nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
