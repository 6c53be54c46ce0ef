package health.rapport.simulator;

import java.io.IOException;

/**
 * Where a run's events go. {@link Simulator#run} calls {@link #open} once, {@link #accept} for every event in
 * time order, then {@link #finish} with the truth; the caller closes the sink. Implement it to count, time or
 * forward events (the bench does).
 */
public interface Sink extends AutoCloseable {

    /** Before the first event. */
    default void open(Population population) throws IOException {
    }

    /** One event; events come in time order (ties in a fixed order). */
    void accept(SimEvent event) throws IOException;

    /** After the last event: everything accepted must be durable when this returns. */
    default void finish(Truth truth) throws IOException {
    }

    @Override
    default void close() throws IOException {
    }
}
