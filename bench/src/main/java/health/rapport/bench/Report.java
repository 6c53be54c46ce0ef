package health.rapport.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one benchmark measured in one run: its figures (each printed as one line the moment it is known),
 * throughput curves, latency profiles and the settings a reader needs to interpret them.
 */
public final class Report {

    private final String benchmark;
    private final PrintStream out;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Series> throughput = new ArrayList<>();
    private final List<LatencyProfile> latencies = new ArrayList<>();
    private final List<String> settings = new ArrayList<>();

    public Report(String benchmark, PrintStream out) {
        this.benchmark = benchmark;
        this.out = out;
    }

    public String benchmark() {
        return benchmark;
    }

    /** A figure with no ceiling (a ceiling itself, or unbounded). */
    public Figure add(String name, double value, String unit) {
        return add(Figure.of(benchmark, name, value, unit));
    }

    /** A figure judged against a ceiling measured earlier in this run. */
    public Figure add(String name, double value, String unit, Figure ceiling) {
        return add(Figure.of(benchmark, name, value, unit).against(ceiling));
    }

    public synchronized Figure add(Figure figure) {
        if (find(figure.name()).isPresent()) {
            throw new IllegalArgumentException("figure " + figure.name() + " is already in " + benchmark);
        }
        figures.add(figure);
        out.println(figure.line());
        return figure;
    }

    /** Adds a latency profile and one figure per percentile ({@code <prefix>.latency_p99_ms} ...). */
    public List<Figure> addLatencies(String prefix, LatencyProfile profile) {
        return addLatencies(prefix, profile, null);
    }

    /** As {@link #addLatencies(String, LatencyProfile)}, each percentile against the same one of {@code ceiling}. */
    public synchronized List<Figure> addLatencies(String prefix, LatencyProfile profile, String ceilingPrefix) {
        latencies.add(profile);
        List<Figure> added = new ArrayList<>();
        for (var entry : profile.millis().entrySet()) {
            String suffix = ".latency_" + LatencyProfile.figureLabel(entry.getKey()) + "_ms";
            Figure figure = Figure.of(benchmark, prefix + suffix, entry.getValue(), "ms");
            if (ceilingPrefix != null) {
                Optional<Figure> ceiling = find(ceilingPrefix + suffix);
                if (ceiling.isPresent()) {
                    figure = figure.against(ceiling.get());
                }
            }
            added.add(add(figure));
        }
        return added;
    }

    public synchronized void addSeries(Series series) {
        throughput.add(series);
    }

    /** Adds a latency profile that is only drawn, without figures. */
    public synchronized void addProfile(LatencyProfile profile) {
        latencies.add(profile);
    }

    /** A setting worth knowing beside the figures ("record size 702 B, as a MessageSent CloudEvent"). */
    public synchronized void setting(String text) {
        settings.add(text);
        out.println("  · " + text);
    }

    public synchronized Optional<Figure> find(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public synchronized Figure require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no figure " + name + " in " + benchmark));
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    public synchronized List<Series> throughput() {
        return List.copyOf(throughput);
    }

    public synchronized List<LatencyProfile> latencies() {
        return List.copyOf(latencies);
    }

    public synchronized List<String> settings() {
        return List.copyOf(settings);
    }
}
