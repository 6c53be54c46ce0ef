package health.rapport.bench;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One measured figure of a benchmark, optionally beside the ceiling it is judged against (measured in the same
 * run, on the same machine). The ratio is always {@code value / ceilingValue}: for a rate, 0.8 means 80% of the
 * ceiling; for a latency, 2.0 means twice the ceiling's latency.
 *
 * @param benchmark    the benchmark that measured it ({@code kafka}, {@code postgres}, {@code http-vertx} ...)
 * @param name         dotted, unique within the benchmark, ending in what it counts: {@code kafka.raw.produce.records_per_s}
 * @param value        the measured value
 * @param unit         a short unit: {@code rec/s}, {@code MB/s}, {@code rows/s}, {@code req/s}, {@code ms}, {@code ops/s}
 * @param ceilingName  the figure it is compared to, or null when it has no ceiling (it is one, or none exists)
 * @param ceilingValue the ceiling's value; NaN without a ceiling
 */
public record Figure(String benchmark, String name, double value, String unit, String ceilingName,
        double ceilingValue) {

    public Figure {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (ceilingName == null) {
            ceilingValue = Double.NaN;
        }
    }

    /** A figure with no ceiling: a ceiling itself, or something nothing bounds. */
    public static Figure of(String benchmark, String name, double value, String unit) {
        return new Figure(benchmark, name, value, unit, null, Double.NaN);
    }

    /** This figure judged against a ceiling figure of the same run; their units must agree. */
    public Figure against(Figure ceiling) {
        Objects.requireNonNull(ceiling, "ceiling");
        if (!unit.equals(ceiling.unit())) {
            throw new IllegalArgumentException(name + " is in " + unit + " but its ceiling " + ceiling.name()
                    + " is in " + ceiling.unit());
        }
        return new Figure(benchmark, name, value, unit, ceiling.name(), ceiling.value());
    }

    public boolean hasCeiling() {
        return ceilingName != null;
    }

    /** {@code value / ceilingValue}; empty without a ceiling, or when either side is not a finite number or the ceiling is 0. */
    public OptionalDouble ratio() {
        if (!hasCeiling() || !Double.isFinite(value) || !Double.isFinite(ceilingValue) || ceilingValue == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value / ceilingValue);
    }

    /** The line printed for this figure, e.g. {@code kafka.raw.produce.records_per_s   84,656 rec/s   ceiling —}. */
    public String line() {
        String head = String.format("%-44s %14s %-6s", name, Numbers.human(value), unit);
        if (!hasCeiling()) {
            return head + "  ceiling —";
        }
        String ratio = ratio().isPresent() ? Numbers.ratio(ratio().getAsDouble()) : "—";
        return head + "  ceiling " + ceilingName + " " + Numbers.human(ceilingValue) + " " + unit + "  ratio " + ratio;
    }
}
