package health.rapport.simulator;

import health.rapport.events.MessageKind;
import health.rapport.events.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: generates a scenario into NDJSON files ({@code --out}), Kafka ({@code --kafka}), both, or
 * nothing (to time the generator), and prints a summary. Run it as
 * {@code java -cp "simulator/target/classes:simulator/target/lib/*" health.rapport.simulator.SimulatorCli --preset clinic --out /tmp/sim}.
 */
@Command(name = "rapport-simulator", mixinStandardHelpOptions = true, version = "rapport-simulator 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Generates a deterministic synthetic population and messaging history as FHIR R4 Communication "
                + "and Encounter resources, with the expected per-clinician truth.",
                "Same options and seed, same bytes."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the run failed (I/O, Kafka)", "2:bad options"})
public final class SimulatorCli implements Callable<Integer> {

    @Option(names = "--preset", paramLabel = "tiny|clinic|study", defaultValue = "tiny",
            description = "scale: tiny (6 clinicians, 150 patients, 21 days), clinic (50, 2,000, 182 days, about "
                    + "100k messages), study (3,000, 81,000, 1,092 days, about 25M messages). Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--seed", paramLabel = "N", description = "seed of every random draw (default 1)")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "write communications.ndjson, encounters.ndjson, truth.ndjson and summary.json here")
    Path out;

    @Option(names = "--truth-only", description = "with --out: write only truth.ndjson and summary.json")
    boolean truthOnly;

    @Option(names = "--gzip", description = "with --out: compress the resource files (.ndjson.gz)")
    boolean gzip;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "send the resources to Kafka at these servers")
    String kafka;

    @Option(names = "--communications-topic", paramLabel = "TOPIC", defaultValue = Topics.EHR_COMMUNICATIONS,
            description = "default: ${DEFAULT-VALUE}")
    String communicationsTopic;

    @Option(names = "--encounters-topic", paramLabel = "TOPIC", defaultValue = Topics.EHR_ENCOUNTERS,
            description = "default: ${DEFAULT-VALUE}")
    String encountersTopic;

    @Option(names = "--producer", paramLabel = "KEY=VALUE", description = "extra Kafka producer setting (repeatable)")
    Map<String, String> producerSettings = new LinkedHashMap<>();

    @Option(names = "--clinicians", paramLabel = "N", description = "override the preset's clinicians")
    Integer clinicians;

    @Option(names = "--patients", paramLabel = "N", description = "override the preset's patients")
    Integer patients;

    @Option(names = "--days", paramLabel = "N", description = "override the preset's span in days")
    Integer days;

    @Option(names = "--start", paramLabel = "DATE", description = "first day of the span (default 2025-01-06)")
    LocalDate start;

    @Option(names = "--zone", paramLabel = "ZONE", description = "clinic time zone (default America/New_York)")
    ZoneId zone;

    @Option(names = "--holiday", paramLabel = "DATE", description = "a non-working weekday (repeatable)")
    List<LocalDate> holidays = new ArrayList<>();

    @Option(names = "--rate-ratio", paramLabel = "X",
            description = "planted effect: initiation rate ratio of HIGH to LOW personal-response clinicians' "
                    + "patients (default 4.3)")
    Double rateRatio;

    @Option(names = "--progress", negatable = true,
            description = "draw a progress bar on stderr (default: only when a terminal is attached and CI is unset)")
    Boolean progress;

    @Option(names = "--stats", description = "measure and print heap figures (peak live heap from a full GC at each tenth of the span, "
                    + "peak after any GC, peak used, GCs) and peak pending items")
    boolean stats;

    private final PrintWriter stdout;
    private final PrintWriter stderr;

    public SimulatorCli() {
        this(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    SimulatorCli(PrintWriter stdout, PrintWriter stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new SimulatorCli()).execute(args);
    }

    /** The scenario the options describe. */
    Scenario scenario() {
        Scenario scenario = Scenario.of(Preset.of(preset));
        if (seed != null) {
            scenario = scenario.withSeed(seed);
        }
        if (clinicians != null || patients != null || days != null) {
            scenario = scenario.withName(scenario.name() + "*");
        }
        if (clinicians != null) {
            scenario = scenario.withClinicians(clinicians);
        }
        if (patients != null) {
            scenario = scenario.withPatients(patients);
        }
        if (days != null) {
            scenario = scenario.withDays(days);
        }
        if (start != null) {
            scenario = scenario.withStart(start);
        }
        if (zone != null) {
            scenario = scenario.withZone(zone);
        }
        if (!holidays.isEmpty()) {
            scenario = scenario.withHolidays(holidays);
        }
        if (rateRatio != null) {
            scenario = scenario.withRateRatio(rateRatio);
        }
        return scenario;
    }

    @Override
    public Integer call() throws IOException {
        Scenario scenario;
        try {
            scenario = scenario();
        } catch (IllegalArgumentException e) {
            stderr.println("rapport-simulator: " + e.getMessage());
            return 2;
        }
        if ((truthOnly || gzip) && out == null) {
            stderr.println("rapport-simulator: --truth-only and --gzip need --out");
            return 2;
        }
        List<Sink> sinks = new ArrayList<>();
        NdjsonSink files = null;
        KafkaSink producer = null;
        if (out != null) {
            files = new NdjsonSink(out, gzip, !truthOnly);
            sinks.add(files);
        }
        if (kafka != null) {
            try {
                producer = KafkaSink.connect(kafka, producerSettings, communicationsTopic, encountersTopic);
            } catch (org.apache.kafka.common.KafkaException e) {
                stderr.println("rapport-simulator: cannot create the Kafka producer: " + e.getMessage());
                return 2;
            }
            sinks.add(producer);
        }
        Progress bar = progress == null ? ProgressBar.auto(System.err) : new ProgressBar(System.err, progress);
        stdout.println("rapport-simulator " + scenario.describe());
        if (sinks.isEmpty()) {
            stdout.println("no --out or --kafka: generating and counting only");
        }
        Simulator.Result result;
        try (HeapStats heap = HeapStats.start(); Sink sink = Sinks.tee(sinks.toArray(Sink[]::new))) {
            result = Simulator.run(scenario, sink, stats ? heap.sampling(bar) : bar);
            sink.close();
            print(result, files, producer);
            if (stats) {
                stdout.println(String.format(Locale.ROOT, "stats       %s; peak pending items %,d",
                        heap.snapshot().describe(), result.peakPending()));
            }
        } catch (IOException e) {
            stderr.println("rapport-simulator: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private void print(Simulator.Result result, NdjsonSink files, KafkaSink producer) throws IOException {
        Truth truth = result.truth();
        StringBuilder kinds = new StringBuilder();
        for (MessageKind kind : MessageKind.values()) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(kind.name()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", truth.count(kind)));
        }
        stdout.println(String.format(Locale.ROOT, "messages    %,d (%s)", result.messages(), kinds));
        stdout.println(String.format(Locale.ROOT, "threads     %,d; encounters %,d; unanswered at the end %,d",
                result.threads(), result.encounters(), truth.backlog()));
        stdout.println(String.format(Locale.ROOT,
                "measured    rate ratio %.3f (planted %s); templated share %.3f (HIGH %.3f, LOW %.3f); "
                        + "within target %.3f",
                truth.measuredRateRatio(), truth.scenario().model().rateRatio(), truth.templatedShare(),
                truth.templatedShare(Population.Level.HIGH), truth.templatedShare(Population.Level.LOW),
                truth.withinTargetShare()));
        if (files != null) {
            StringBuilder sizes = new StringBuilder();
            for (String name : new String[] {NdjsonSink.COMMUNICATIONS, NdjsonSink.ENCOUNTERS, NdjsonSink.TRUTH,
                    NdjsonSink.SUMMARY}) {
                Path file = files.file(name);
                if (Files.exists(file)) {
                    sizes.append(sizes.length() == 0 ? "" : ", ").append(file.getFileName())
                            .append(String.format(Locale.ROOT, " %.1f MB", Files.size(file) / 1e6));
                }
            }
            stdout.println("files       " + files.folder() + ": " + sizes);
        }
        if (producer != null) {
            stdout.println(String.format(Locale.ROOT, "kafka       %,d records sent, %,d acknowledged (%s, %s)",
                    producer.sent(), producer.acknowledged(), communicationsTopic, encountersTopic));
        }
        stdout.println(String.format(Locale.ROOT, "elapsed     %.2f s, %,.0f messages/s",
                result.elapsed().toNanos() / 1e9, result.messagesPerSecond()));
    }
}
