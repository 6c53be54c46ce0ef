package health.rapport.simulator;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line on stderr, redrawn with {@code \r}: a bar, percent of the simulated span, messages, messages per
 * second and the time left. It draws only when enabled: {@link #auto} enables it when a console is attached and
 * the run is not under CI ({@code CI} unset, {@code TERM} not {@code dumb}), so logs stay clean; {@code --progress}
 * forces it on. Redraws at most five times a second.
 */
public final class ProgressBar implements Progress {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    public ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Enabled when stderr is likely a terminal. */
    public static ProgressBar auto(PrintStream out) {
        return new ProgressBar(out, likelyTerminal());
    }

    public static boolean likelyTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("CI") == null && (term == null || !term.equals("dumb"));
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public void update(double fraction, long messages, long encounters) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(fraction, messages, now);
    }

    @Override
    public void done(long messages, long encounters) {
        if (!enabled) {
            return;
        }
        draw(1, messages, System.nanoTime());
        out.print('\n');
        out.flush();
    }

    private void draw(double fraction, long messages, long now) {
        String text = line(fraction, messages, (now - started) / 1e9);
        StringBuilder padded = new StringBuilder(text.length() + 8).append('\r').append(text);
        for (int i = text.length(); i < lastLength; i++) {
            padded.append(' ');
        }
        lastLength = text.length();
        out.print(padded);
        out.flush();
    }

    /** The line for a state: {@code [#########...............]  37.5%  1,234,567 msgs  98,765/s  ETA 0:00:12}. */
    static String line(double fraction, long messages, double elapsedSeconds) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) StrictMath.round(f * WIDTH);
        StringBuilder bar = new StringBuilder(WIDTH + 2).append('[');
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        bar.append(']');
        double rate = elapsedSeconds > 0 ? messages / elapsedSeconds : 0;
        String eta = f > 0 && f < 1 ? clock(elapsedSeconds * (1 - f) / f) : f >= 1 ? "done" : "--:--:--";
        return String.format(Locale.ROOT, "%s %5.1f%%  %,d msgs  %,.0f/s  ETA %s", bar, f * 100, messages, rate, eta);
    }

    static String clock(double seconds) {
        long s = (long) StrictMath.ceil(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
