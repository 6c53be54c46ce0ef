package health.rapport.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long benchmark work as a line every few seconds (done of total, percent, rate, time left): plain
 * lines rather than a redrawn bar, because benchmark output usually goes to a log file.
 */
public final class ProgressLine {

    private static final long EVERY_NANOS = 5_000_000_000L;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private long lastPrint = started;

    public ProgressLine(String label, long total, PrintStream out) {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrint >= EVERY_NANOS) {
            lastPrint = now;
            print(done, now);
        }
    }

    public void finish(long done) {
        print(done, System.nanoTime());
    }

    private void print(long done, long now) {
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 && done < total ? String.format(Locale.ROOT, ", %.0f s left", (total - done) / rate) : "";
        out.printf(Locale.ROOT, "  · %s: %,d of %,d (%.0f%%), %,.0f/s%s%n", label, done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rate, left);
    }
}
