package health.rapport.engagement.provider.service;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The stored form of a sparse latency histogram: {@code bucket:count} pairs joined by commas, buckets ascending. */
public final class HistogramText {

    private HistogramText() {
    }

    public static String format(Map<Integer, Long> buckets) {
        return new TreeMap<>(buckets).entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    public static Map<Integer, Long> parse(String text) {
        Map<Integer, Long> buckets = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return buckets;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            buckets.merge(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)), Long::sum);
        }
        return buckets;
    }
}
