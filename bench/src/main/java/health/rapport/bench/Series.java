package health.rapport.bench;

import java.util.ArrayList;
import java.util.List;

/** A throughput curve: one sample per interval (usually a second) recorded while a benchmark ran. */
public final class Series {

    /** @param seconds since the series started; @param value the rate over the interval ending then */
    public record Point(double seconds, double value) {
    }

    private final String name;
    private final String unit;
    private final List<Point> points = new ArrayList<>();

    public Series(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    public synchronized Series add(double seconds, double value) {
        points.add(new Point(seconds, value));
        return this;
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }
}
