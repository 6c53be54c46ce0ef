package health.rapport.bench.jmh;

import health.rapport.bench.Figure;
import health.rapport.bench.Report;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH micro-benchmarks (one forked JVM) and turns their scores into figures. */
public final class JmhBench {

    public static final String NAME = "jmh";

    /**
     * @param forks              forked JVMs per benchmark
     * @param warmupIterations   warm-up iterations of {@code iterationSeconds}
     * @param iterations         measured iterations of {@code iterationSeconds}
     * @param iterationSeconds   seconds per iteration
     */
    public record Options(int forks, int warmupIterations, int iterations, int iterationSeconds) {

        public static Options defaults() {
            return new Options(1, 2, 3, 2);
        }
    }

    private final Options options;

    public JmhBench(Options options) {
        this.options = options;
    }

    public void run(Report report) throws Exception {
        report.setting("JMH 1.37, throughput mode, " + options.forks() + " fork(s), " + options.warmupIterations()
                + " warm-up and " + options.iterations() + " measured iterations of " + options.iterationSeconds()
                + " s, 1 thread; a realistic MessageSent provider response");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(EventCodecBenchmark.class.getName() + "\\.")
                .forks(options.forks())
                .warmupIterations(options.warmupIterations())
                .warmupTime(TimeValue.seconds(options.iterationSeconds()))
                .measurementIterations(options.iterations())
                .measurementTime(TimeValue.seconds(options.iterationSeconds()))
                .threads(1)
                .jvmArgsAppend("-Xmx512m")
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        Map<String, Double> scores = new HashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            scores.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        Figure readTree = report.add("jmh.jackson.read_tree.ops_per_s", score(scores, "jacksonReadTree"), "ops/s");
        Figure writeTree = report.add("jmh.jackson.write_tree.ops_per_s", score(scores, "jacksonWriteTree"), "ops/s");
        report.add("jmh.codec.from_json.ops_per_s", score(scores, "fromJson"), "ops/s", readTree);
        report.add("jmh.codec.to_json.ops_per_s", score(scores, "toJson"), "ops/s", writeTree);
    }

    private static double score(Map<String, Double> scores, String method) {
        Double score = scores.get(method);
        if (score == null) {
            throw new IllegalStateException("JMH returned no result for " + method + ": " + scores.keySet());
        }
        return score;
    }
}
