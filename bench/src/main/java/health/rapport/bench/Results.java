package health.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a benchmark's results into {@code bench/results/}:
 * <ul>
 *   <li>{@code results.csv}: one row per figure, appended, the history of every run;</li>
 *   <li>{@code latest-<benchmark>.md}: the latest run of that benchmark (machine, table, settings, plots);</li>
 *   <li>{@code latest.md}: all {@code latest-*.md} sections together, rewritten after every benchmark;</li>
 *   <li>{@code <benchmark>-throughput.png}, {@code <benchmark>-latency.png}: the plots.</li>
 * </ul>
 */
public final class Results {

    public static final List<String> COLUMNS = List.of("date", "git_revision", "cores", "ram_gib", "java",
            "benchmark", "figure", "value", "unit", "ceiling", "ceiling_value", "ratio");

    /** Sections of latest.md come in this order; others follow by name. */
    private static final List<String> ORDER = List.of("kafka", "postgres", "http-wrk", "http-vertx", "jmh");

    private final Path dir;

    public Results(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path csv() {
        return dir.resolve("results.csv");
    }

    public Path latest() {
        return dir.resolve("latest.md");
    }

    /** Records one benchmark of a run: CSV rows, plots, its section, latest.md. Returns the files written. */
    public List<Path> write(Run run, Report report) {
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            appendCsv(run, report.figures());
            written.add(csv());
            written.addAll(Charts.write(dir, report));
            Path section = dir.resolve("latest-" + report.benchmark() + ".md");
            Files.writeString(section, section(run, report, written), StandardCharsets.UTF_8);
            written.add(section);
            writeLatest();
            written.add(latest());
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }

    /** The CSV row of one figure. */
    public static List<String> row(Run run, Figure figure) {
        return List.of(run.date().toString(), run.gitRevision(), Integer.toString(run.machine().cores()),
                run.machine().ramText(), run.machine().java(), figure.benchmark(), figure.name(),
                Numbers.csv(figure.value()), figure.unit(), figure.hasCeiling() ? figure.ceilingName() : "",
                Numbers.csv(figure.ceilingValue()),
                figure.ratio().isPresent() ? Numbers.csv(figure.ratio().getAsDouble()) : "");
    }

    void appendCsv(Run run, List<Figure> figures) throws IOException {
        StringBuilder text = new StringBuilder();
        if (!Files.exists(csv()) || Files.size(csv()) == 0) {
            text.append(Csv.line(COLUMNS)).append('\n');
        } else {
            String header = Files.readAllLines(csv(), StandardCharsets.UTF_8).get(0);
            if (!Csv.parse(header).equals(COLUMNS)) {
                throw new IllegalStateException(csv() + " has other columns (" + header + "); move it aside");
            }
        }
        for (Figure figure : figures) {
            text.append(Csv.line(row(run, figure))).append('\n');
        }
        Files.writeString(csv(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The Markdown section of one benchmark's run: a heading with the machine, the table, settings, plots. */
    static String section(Run run, Report report, List<Path> files) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(report.benchmark()).append("\n\n");
        md.append("Run ").append(run.date()).append(", git `").append(run.gitRevision()).append("`, ")
                .append(run.machine().line()).append(".\n\n");
        md.append(table(report.figures()));
        if (!report.settings().isEmpty()) {
            md.append('\n');
            for (String setting : report.settings()) {
                md.append("- ").append(setting).append('\n');
            }
        }
        List<Path> plots = files.stream().filter(p -> p.getFileName().toString().endsWith(".png")).toList();
        if (!plots.isEmpty()) {
            md.append('\n');
            for (Path plot : plots) {
                String name = plot.getFileName().toString();
                md.append("![").append(name.replace(".png", "")).append("](").append(name).append(")\n");
            }
        }
        return md.toString();
    }

    /** The Markdown table of figures: a ceiling shows "—" in the ceiling columns. */
    public static String table(List<Figure> figures) {
        StringBuilder md = new StringBuilder();
        md.append("| figure | value | unit | ceiling | ceiling value | ratio |\n");
        md.append("|---|---:|---|---|---:|---:|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.name()).append(" | ").append(Numbers.human(f.value())).append(" | ")
                    .append(f.unit()).append(" | ")
                    .append(f.hasCeiling() ? f.ceilingName() : "—").append(" | ")
                    .append(f.hasCeiling() ? Numbers.human(f.ceilingValue()) : "—").append(" | ")
                    .append(f.ratio().isPresent() ? Numbers.ratio(f.ratio().getAsDouble()) : "—").append(" |\n");
        }
        return md.toString();
    }

    void writeLatest() throws IOException {
        List<Path> sections;
        try (Stream<Path> files = Files.list(dir)) {
            sections = files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("latest-") && name.endsWith(".md");
            }).sorted(Comparator.comparing(Results::rank).thenComparing(p -> p.getFileName().toString())).toList();
        }
        StringBuilder md = new StringBuilder();
        md.append("# Latest benchmark results\n\n");
        md.append("Written by `bench/run`: one section per benchmark, from its latest run. Each ratio is the figure ")
                .append("divided by its ceiling, both measured in that same run on that same machine; a ceiling shows ")
                .append("\"—\". Every run is also appended to [results.csv](results.csv).\n\n");
        for (Path section : sections) {
            md.append(Files.readString(section, StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(latest(), md.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
    }

    private static int rank(Path section) {
        String name = section.getFileName().toString();
        String benchmark = name.substring("latest-".length(), name.length() - ".md".length());
        int index = ORDER.indexOf(benchmark);
        return index < 0 ? ORDER.size() : index;
    }
}
