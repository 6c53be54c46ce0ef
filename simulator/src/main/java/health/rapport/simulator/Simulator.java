package health.rapport.simulator;

import java.io.IOException;
import java.time.Duration;

/** Runs a scenario into a sink: the one call most users need. */
public final class Simulator {

    private static final int PROGRESS_EVERY = 4096;

    private Simulator() {
    }

    /**
     * What a run did.
     *
     * @param peakPending the most pending items (sources plus active threads) the generator held at once
     */
    public record Result(Truth truth, long messages, long encounters, long threads, Duration elapsed,
            int peakPending) {

        public double messagesPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds > 0 ? messages / seconds : 0;
        }
    }

    public static Result run(Scenario scenario, Sink sink) throws IOException {
        return run(scenario, sink, Progress.NONE);
    }

    /** Generates the scenario's population and history into the sink (which the caller closes). */
    public static Result run(Scenario scenario, Sink sink, Progress progress) throws IOException {
        long started = System.nanoTime();
        HistoryGenerator generator = new HistoryGenerator(scenario);
        sink.open(generator.population());
        long events = 0;
        while (generator.hasNext()) {
            sink.accept(generator.next());
            if (++events % PROGRESS_EVERY == 0) {
                progress.update(generator.progress(), generator.messagesEmitted(), generator.encountersEmitted());
            }
        }
        Truth truth = generator.truth();
        sink.finish(truth);
        progress.done(generator.messagesEmitted(), generator.encountersEmitted());
        return new Result(truth, generator.messagesEmitted(), generator.encountersEmitted(),
                generator.threadsStarted(), Duration.ofNanos(System.nanoTime() - started),
                generator.peakQueueSize());
    }
}
