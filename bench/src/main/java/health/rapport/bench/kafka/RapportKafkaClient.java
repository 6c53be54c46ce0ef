package health.rapport.bench.kafka;

import health.rapport.bench.ChildProcess;
import health.rapport.bench.Meter;
import health.rapport.bench.Project;
import health.rapport.bench.Series;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Rapport's Kafka path in a child JVM of its own, started like Kafka's perf tools (same heap, fresh JIT), so the
 * figure and its ceiling start from the same cold JVM with the same warm-up. It prints its measurement as
 * {@code RAPPORT ...} lines, which {@link #run} reads back.
 *
 * <p>Arguments: {@code produce <bootstrap> <topic> <records> <warmup> <rate> <series name>} or
 * {@code consume <bootstrap> <topic> <records> <warmup> <series name>}.
 */
public final class RapportKafkaClient {

    private RapportKafkaClient() {
    }

    public static void main(String[] args) throws Exception {
        Meter.Measured measured;
        if (args[0].equals("produce")) {
            measured = KafkaBench.rapportProduce(args[1], args[2], KafkaBench.encodedEvents(KafkaBench.POOL),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), args[6]);
        } else if (args[0].equals("consume")) {
            measured = KafkaBench.rapportConsume(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args[5]);
        } else {
            throw new IllegalArgumentException("produce or consume, not " + args[0]);
        }
        for (String line : encode(measured)) {
            System.out.println(line);
        }
        System.exit(0);
    }

    static List<String> encode(Meter.Measured measured) {
        List<String> lines = new ArrayList<>();
        lines.add("RAPPORT units " + measured.units());
        lines.add("RAPPORT seconds " + measured.seconds());
        for (Series.Point point : measured.series().points()) {
            lines.add(String.format(Locale.ROOT, "RAPPORT sample %.6f %.3f", point.seconds(), point.value()));
        }
        Histogram histogram = measured.latencyMicros();
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        lines.add("RAPPORT histogram " + Base64.getEncoder().encodeToString(bytes));
        return lines;
    }

    static Meter.Measured decode(List<String> lines, String seriesName) {
        Long units = null;
        Double seconds = null;
        Histogram histogram = null;
        Series series = new Series(seriesName, "rec/s");
        for (String line : lines) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 3 || !parts[0].equals("RAPPORT")) {
                continue;
            }
            switch (parts[1]) {
                case "units" -> units = Long.parseLong(parts[2]);
                case "seconds" -> seconds = Double.parseDouble(parts[2]);
                case "sample" -> series.add(Double.parseDouble(parts[2]), Double.parseDouble(parts[3]));
                case "histogram" -> {
                    try {
                        histogram = Histogram.decodeFromCompressedByteBuffer(
                                ByteBuffer.wrap(Base64.getDecoder().decode(parts[2])), 0);
                    } catch (DataFormatException e) {
                        throw new IllegalArgumentException("unreadable histogram", e);
                    }
                }
                default -> { }
            }
        }
        if (units == null || seconds == null || histogram == null) {
            throw new IllegalArgumentException("the Rapport Kafka client printed no result:\n" + String.join("\n", lines));
        }
        return new Meter.Measured(units, seconds, histogram, series);
    }

    /** Runs the client in a child JVM with the harness's class path and the tools' JVM flags. */
    static Meter.Measured run(Path workDir, String seriesName, String... args) {
        List<String> command = new ArrayList<>(List.of(Project.java(), "-Xms256m", "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                RapportKafkaClient.class.getName()));
        command.addAll(List.of(args));
        var output = ChildProcess.run(command, workDir, Duration.ofMinutes(10), line -> { });
        return decode(output.stdout(), seriesName);
    }
}
