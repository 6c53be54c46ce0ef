package health.rapport.bench.kafka;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary Kafka's {@code org.apache.kafka.tools.ConsumerPerformance} (4.4.0) prints: a header line
 * ({@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
 * fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}) and one line of values. The {@code fetch.*} rates leave out the
 * time the consumer spent joining its group.
 */
public record ConsumerPerformanceOutput(Map<String, String> values) {

    public static ConsumerPerformanceOutput parse(List<String> lines) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            String header = lines.get(i).trim();
            if (header.startsWith("start.time,")) {
                List<String> names = split(header);
                List<String> values = split(lines.get(i + 1).trim());
                if (names.size() != values.size()) {
                    throw new IllegalArgumentException("ConsumerPerformance printed " + names.size() + " columns but "
                            + values.size() + " values: " + lines.get(i + 1));
                }
                Map<String, String> map = new LinkedHashMap<>();
                for (int c = 0; c < names.size(); c++) {
                    map.put(names.get(c), values.get(c));
                }
                return new ConsumerPerformanceOutput(Map.copyOf(map));
            }
        }
        throw new IllegalArgumentException("no summary in the ConsumerPerformance output:\n" + String.join("\n", lines));
    }

    private static List<String> split(String line) {
        return Arrays.stream(line.split(",")).map(String::trim).toList();
    }

    public double number(String column) {
        String value = values.get(column);
        if (value == null) {
            throw new IllegalArgumentException("ConsumerPerformance printed no column " + column + ": " + values.keySet());
        }
        return Double.parseDouble(value);
    }

    public long records() {
        return (long) number("data.consumed.in.nMsg");
    }

    public double megabytes() {
        return number("data.consumed.in.MB");
    }

    /** Records per second while fetching (group join excluded). */
    public double fetchRecordsPerSec() {
        return number("fetch.nMsg.sec");
    }

    public double fetchMbPerSec() {
        return number("fetch.MB.sec");
    }

    /** Records per second over the whole run, group join included. */
    public double recordsPerSec() {
        return number("nMsg.sec");
    }

    public double rebalanceMs() {
        return number("rebalance.time.ms");
    }
}
