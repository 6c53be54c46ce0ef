package health.rapport.bench.message;

import health.rapport.bench.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Polled counts of an EHR ingest: committed {@code message} rows, rows left in the outbox, events enqueued so
 * far and events on the outgoing topic, each sample at seconds since the service was started. From them: when
 * consumption started (the first sample with a committed message), when it was done (every message committed,
 * the outbox empty, the topic holding every enqueued event), the rate between, and rows per second over time.
 */
public final class IngestTimeline {

    public record Sample(double seconds, long messages, long outboxPending, long eventsEnqueued, long eventsPublished) {
    }

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(Sample sample) {
        if (!samples.isEmpty() && sample.seconds() < samples.get(samples.size() - 1).seconds()) {
            throw new IllegalArgumentException("samples must come in time order");
        }
        samples.add(sample);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The first sample that shows a committed message: consumption had started by then. */
    public synchronized Optional<Sample> start() {
        return samples.stream().filter(s -> s.messages() > 0).findFirst();
    }

    /** Whether this sample shows the ingest complete for {@code expected} messages. */
    static boolean complete(Sample s, long expected) {
        return s.messages() >= expected && s.outboxPending() == 0 && s.eventsEnqueued() > 0
                && s.eventsPublished() >= s.eventsEnqueued();
    }

    /** The first sample that shows the ingest complete. */
    public synchronized Optional<Sample> end(long expected) {
        return samples.stream().filter(s -> complete(s, expected)).findFirst();
    }

    /**
     * Messages per second from the start sample to the end sample: the messages committed after the start
     * sample over the time between them (the messages seen at the start sample are not counted, as their time
     * is unknown).
     */
    public synchronized double messagesPerSecond(long expected) {
        Sample s = start().orElseThrow(() -> new IllegalStateException("no message was ever committed"));
        Sample e = end(expected).orElseThrow(() -> new IllegalStateException("the ingest never completed"));
        if (e.seconds() <= s.seconds()) {
            throw new IllegalStateException("the ingest started and ended in one sample: poll more often");
        }
        return (e.messages() - s.messages()) / (e.seconds() - s.seconds());
    }

    /**
     * Messages per second over the second half of the ingest: from the first sample with at least half of the
     * messages committed to the end sample. The service starts cold, so its JIT compiles the hot paths during
     * the first half (in JFR, the C1 and C2 compiler threads took about 0.6 of a core then); this is the rate a
     * warm service keeps.
     */
    public synchronized double secondHalfMessagesPerSecond(long expected) {
        Sample e = end(expected).orElseThrow(() -> new IllegalStateException("the ingest never completed"));
        Sample h = samples.stream().filter(x -> x.messages() >= (expected + 1) / 2).findFirst().orElseThrow();
        if (e.seconds() <= h.seconds()) {
            throw new IllegalStateException("the second half started and ended in one sample: poll more often");
        }
        return (e.messages() - h.messages()) / (e.seconds() - h.seconds());
    }

    /** Seconds from the start sample until every message was committed (the outbox may still hold events). */
    public synchronized double secondsToCommitAll(long expected) {
        Sample s = start().orElseThrow();
        return samples.stream().filter(x -> x.messages() >= expected).findFirst()
                .map(x -> x.seconds() - s.seconds()).orElse(Double.NaN);
    }

    /**
     * Committed message rows per second, one point per {@code bucketSeconds} from the start sample, and the
     * events published per second beside them.
     */
    public synchronized List<Series> series(double bucketSeconds, String messagesName, String eventsName) {
        Series messages = new Series(messagesName, "msg/s");
        Series events = new Series(eventsName, "msg/s");
        Optional<Sample> first = start();
        if (first.isEmpty()) {
            return List.of(messages, events);
        }
        int from = samples.indexOf(first.get());
        Sample last = first.get();
        for (int i = from + 1; i < samples.size(); i++) {
            Sample s = samples.get(i);
            double dt = s.seconds() - last.seconds();
            if (dt >= bucketSeconds || i == samples.size() - 1) {
                if (dt > 0) {
                    double at = s.seconds() - first.get().seconds();
                    messages.add(at, (s.messages() - last.messages()) / dt);
                    events.add(at, (s.eventsPublished() - last.eventsPublished()) / dt);
                }
                last = s;
            }
        }
        return List.of(messages, events);
    }
}
