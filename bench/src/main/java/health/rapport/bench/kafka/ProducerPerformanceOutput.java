package health.rapport.bench.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Kafka's {@code org.apache.kafka.tools.ProducerPerformance} (4.4.0) printed: a progress line per reporting
 * interval, the summary of the whole test and, with {@code --warmup-records}, the summary of the steady state.
 * The child JVM runs with an English locale, so numbers use a decimal point.
 *
 * @param steadyFrom the index of the first interval after the warm-up ("In steady state."), 0 without one
 */
public record ProducerPerformanceOutput(List<Interval> intervals, int steadyFrom, Summary total,
        Optional<Summary> steadyState) {

    /** One progress line: {@code 109560 records sent, 109560.0 records/sec (73.14 MB/sec), 463.1 ms avg latency, 779.0 ms max latency.} */
    public record Interval(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
            double maxLatencyMs) {
    }

    /** A summary line, which adds the 50th, 95th, 99th and 99.9th latency percentiles. */
    public record Summary(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
            double maxLatencyMs, double p50Ms, double p95Ms, double p99Ms, double p999Ms) {
    }

    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern INTERVAL = Pattern.compile("^([0-9]+) records sent, " + NUMBER + " records/sec \\("
            + NUMBER + " MB/sec\\), " + NUMBER + " ms avg latency, " + NUMBER + " ms max latency\\.$");
    private static final Pattern SUMMARY = Pattern.compile("^([0-9]+) (steady state )?records sent, " + NUMBER
            + " records/sec \\(" + NUMBER + " MB/sec\\), " + NUMBER + " ms avg latency, " + NUMBER
            + " ms max latency, " + NUMBER + " ms 50th, " + NUMBER + " ms 95th, " + NUMBER + " ms 99th, " + NUMBER
            + " ms 99\\.9th\\.$");

    /** The steady-state summary when the test had a warm-up, else the whole test's. */
    public Summary best() {
        return steadyState.orElse(total);
    }

    /** The intervals after the warm-up. */
    public List<Interval> steadyIntervals() {
        return intervals.subList(steadyFrom, intervals.size());
    }

    public static ProducerPerformanceOutput parse(List<String> lines) {
        List<Interval> intervals = new ArrayList<>();
        Summary total = null;
        Summary steady = null;
        int steadyFrom = 0;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.equals("In steady state.")) {
                steadyFrom = intervals.size();
                continue;
            }
            Matcher summary = SUMMARY.matcher(line);
            if (summary.matches()) {
                Summary parsed = new Summary(Long.parseLong(summary.group(1)), d(summary, 3), d(summary, 4),
                        d(summary, 5), d(summary, 6), d(summary, 7), d(summary, 8), d(summary, 9), d(summary, 10));
                if (summary.group(2) != null) {
                    steady = parsed;
                } else {
                    total = parsed;
                }
                continue;
            }
            Matcher interval = INTERVAL.matcher(line);
            if (interval.matches()) {
                intervals.add(new Interval(Long.parseLong(interval.group(1)), d(interval, 2), d(interval, 3),
                        d(interval, 4), d(interval, 5)));
            }
        }
        if (total == null) {
            throw new IllegalArgumentException("no summary line in the ProducerPerformance output:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
        }
        return new ProducerPerformanceOutput(List.copyOf(intervals), steadyFrom, total, Optional.ofNullable(steady));
    }

    private static double d(Matcher m, int group) {
        return Double.parseDouble(m.group(group));
    }
}
