package health.rapport.bench.http;

import health.rapport.bench.ChildProcess;
import health.rapport.bench.LatencyProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * wrk (Debian package {@code wrk}), when it is on the PATH: a C load generator, lighter on the CPU it shares
 * with the server than a JVM client. A Lua {@code done} hook prints the exact request count, duration, errors
 * and percentiles (wrk's own text rounds them). wrk reports no per-second samples, so there is no time series.
 */
public final class WrkLoadGenerator implements LoadGenerator {

    private final Path wrk;
    private final Path workDir;

    public WrkLoadGenerator(Path wrk, Path workDir) {
        this.wrk = wrk;
        this.workDir = workDir;
    }

    /** wrk on the PATH, if any. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "wrk";
    }

    @Override
    public LoadResult run(String url, int connections, int threads, Duration warmup, Duration duration) {
        return run(url, Map.of(), connections, threads, warmup, duration);
    }

    /** As {@link #run(String, int, int, Duration, Duration)}, with request headers (a bearer token, say). */
    public LoadResult run(String url, Map<String, String> headers, int connections, int threads, Duration warmup,
            Duration duration) {
        Path script = workDir.resolve("rapport-report.lua");
        try (InputStream lua = WrkLoadGenerator.class.getResourceAsStream("rapport-report.lua")) {
            Files.write(script, lua.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int t = Math.min(threads, connections);
        if (!warmup.isZero()) {
            ChildProcess.run(command(url, headers, connections, t, warmup, null), workDir, warmup.plusSeconds(60),
                    l -> { });
        }
        var output = ChildProcess.run(command(url, headers, connections, t, duration, script), workDir,
                duration.plusSeconds(60), l -> { });
        return parse(output.stdout(), connections);
    }

    private List<String> command(String url, Map<String, String> headers, int connections, int threads,
            Duration duration, Path script) {
        List<String> command = new ArrayList<>(List.of(wrk.toString(), "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s"));
        headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        return command;
    }

    /** Reads the {@code RAPPORT <key> <value>} lines the Lua hook prints (latencies in microseconds). */
    static LoadResult parse(List<String> lines, int connections) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[0].equals("RAPPORT")) {
                values.put(parts[1], Double.parseDouble(parts[2]));
            }
        }
        for (String key : List.of("requests", "duration_us", "errors", "non2xx", "p50", "p90", "p99", "p99.9", "max")) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("wrk printed no " + key + ":\n" + String.join("\n", lines));
            }
        }
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String key : List.of("p50", "p90", "p99", "p99.9", "max")) {
            millis.put(key, values.get(key) / 1000.0);
        }
        long requests = values.get("requests").longValue();
        long errors = values.get("errors").longValue() + values.get("non2xx").longValue();
        return new LoadResult(requests - values.get("non2xx").longValue(), values.get("duration_us") / 1e6, errors,
                new LatencyProfile("hello-world Quarkus (wrk, " + connections + " connections)", millis), null);
    }
}
