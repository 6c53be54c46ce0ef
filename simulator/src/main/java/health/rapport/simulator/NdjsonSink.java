package health.rapport.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a run into a folder: {@code communications.ndjson} and {@code encounters.ndjson} (one FHIR resource per
 * line, in time order), {@code truth.ndjson} (one line per clinician, in id order) and {@code summary.json}.
 * Files are UTF-8 with {@code \n} line ends; with gzip each NDJSON file gets {@code .gz} (gzip headers carry no
 * time stamp, so they are reproducible too). Existing files are replaced.
 */
public final class NdjsonSink implements Sink {

    public static final String COMMUNICATIONS = "communications.ndjson";
    public static final String ENCOUNTERS = "encounters.ndjson";
    public static final String TRUTH = "truth.ndjson";
    public static final String SUMMARY = "summary.json";

    private final Path folder;
    private final boolean gzip;
    private final boolean resources;
    private final StringBuilder line = new StringBuilder(2048);
    private FhirJson fhir;
    private OutputStream communications;
    private OutputStream encounters;

    /** Resources and truth, plain text. */
    public NdjsonSink(Path folder) {
        this(folder, false, true);
    }

    /**
     * @param gzip      compress the NDJSON files
     * @param resources write the resources; false writes only truth and summary (for a run that sends the
     *                  resources to Kafka)
     */
    public NdjsonSink(Path folder, boolean gzip, boolean resources) {
        this.folder = folder;
        this.gzip = gzip;
        this.resources = resources;
    }

    public Path folder() {
        return folder;
    }

    public Path file(String name) {
        return folder.resolve(gzip && name.endsWith(".ndjson") ? name + ".gz" : name);
    }

    @Override
    public void open(Population population) throws IOException {
        Files.createDirectories(folder);
        fhir = new FhirJson(population);
        if (resources) {
            communications = stream(file(COMMUNICATIONS));
            encounters = stream(file(ENCOUNTERS));
        }
    }

    @Override
    public void accept(SimEvent event) throws IOException {
        if (!resources) {
            return;
        }
        line.setLength(0);
        fhir.render(event, line);
        line.append('\n');
        // The text is ASCII but for names and words a future list might add; getBytes has a fast path for it.
        (event instanceof SimMessage ? communications : encounters)
                .write(line.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void finish(Truth truth) throws IOException {
        if (resources) {
            communications.close();
            encounters.close();
            communications = null;
            encounters = null;
        }
        try (OutputStream out = stream(file(TRUTH))) {
            for (ClinicianTruth clinician : truth.clinicians()) {
                out.write((TruthJson.line(clinician) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.writeString(folder.resolve(SUMMARY), TruthJson.summary(truth) + "\n", StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (OutputStream writer : new OutputStream[] {communications, encounters}) {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        communications = null;
        encounters = null;
        if (failure != null) {
            throw failure;
        }
    }

    private OutputStream stream(Path path) throws IOException {
        OutputStream out = Files.newOutputStream(path);
        if (gzip) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedOutputStream(out, 1 << 17);
    }
}
