package health.rapport.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts units of work (records, rows, requests) and the latency of each operation, and samples the rate once
 * a second into a {@link Series}. Nothing counts before {@link #begin()}: the warm-up stays out of the figures.
 */
public final class Meter {

    /** What a measurement found. */
    public record Measured(long units, double seconds, Histogram latencyMicros, Series series) {

        public double rate() {
            return seconds <= 0 ? 0 : units / seconds;
        }
    }

    /** One operation of a timed loop; returns how many units it did. */
    @FunctionalInterface
    public interface Step {
        long run() throws Exception;
    }

    private final LongAdder units = new LongAdder();
    private final Recorder latency = new Recorder(3);
    private final Series series;
    private final Duration sampleEvery;
    private volatile boolean measuring;
    private long started;
    private long ended;
    private ScheduledExecutorService sampler;
    private final long[] last = {0, 0};

    public Meter(String seriesName, String unit) {
        this(seriesName, unit, Duration.ofSeconds(1));
    }

    public Meter(String seriesName, String unit, Duration sampleEvery) {
        this.series = new Series(seriesName, unit);
        this.sampleEvery = sampleEvery;
    }

    /** Counts {@code n} units done by one operation that took {@code nanos}. */
    public void record(long n, long nanos) {
        if (measuring) {
            units.add(n);
            latency.recordValue(Math.max(0, nanos / 1000));
        }
    }

    /** Counts units without a latency (a consumer's records). */
    public void count(long n) {
        if (measuring) {
            units.add(n);
        }
    }

    public boolean measuring() {
        return measuring;
    }

    public synchronized void begin() {
        units.reset();
        latency.reset();
        started = System.nanoTime();
        measuring = true;
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "meter-sampler");
            thread.setDaemon(true);
            return thread;
        });
        last[0] = 0;
        last[1] = started;
        long period = sampleEvery.toNanos();
        sampler.scheduleAtFixedRate(() -> sample(System.nanoTime()), period, period, TimeUnit.NANOSECONDS);
    }

    private synchronized void sample(long now) {
        long total = units.sum();
        if (now > last[1]) {
            series.add((now - started) / 1e9, (total - last[0]) / ((now - last[1]) / 1e9));
        }
        last[0] = total;
        last[1] = now;
    }

    public synchronized Measured end() {
        measuring = false;
        ended = System.nanoTime();
        if (sampler != null) {
            sampler.shutdownNow();
            // The last, partial interval, unless it is too short to say anything.
            if (ended - last[1] > sampleEvery.toNanos() / 4) {
                sample(ended);
            }
        }
        return new Measured(units.sum(), (ended - started) / 1e9, latency.getIntervalHistogram(), series);
    }

    /**
     * Runs {@code workers} threads, each repeating its step, for the warm-up and then the measured duration.
     * Each worker makes its step once (its own connection, its own random source). The first failure of any
     * worker ends the loop and is thrown.
     */
    public Measured loop(int workers, Duration warmup, Duration duration, Callable<Step> perWorker)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread thread = new Thread(() -> {
                try {
                    Step step = perWorker.call();
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        long n = step.run();
                        record(n, System.nanoTime() - t0);
                    }
                    if (step instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }, series.name() + "-" + w);
            thread.start();
            threads.add(thread);
        }
        sleepUnless(warmup, stop);
        begin();
        sleepUnless(duration, stop);
        Measured measured = end();
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return measured;
    }

    private static void sleepUnless(Duration duration, AtomicBoolean stop) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stop.get() && System.nanoTime() < deadline) {
            Thread.sleep(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }
}
