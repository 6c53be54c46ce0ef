package health.rapport.message.thread.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Closes threads nobody wrote in for {@code rapport.threads.idle-close-after} (default 30 days), with an event. */
@ApplicationScoped
public class IdleThreads {

    private static final Logger LOG = Logger.getLogger(IdleThreads.class);
    private static final int BATCH = 500;

    private final ThreadService threads;
    private final Duration idleCloseAfter;

    public IdleThreads(ThreadService threads,
            @ConfigProperty(name = "rapport.threads.idle-close-after", defaultValue = "P30D") Duration idleCloseAfter) {
        this.threads = threads;
        this.idleCloseAfter = idleCloseAfter;
    }

    @Scheduled(every = "${rapport.threads.idle-sweep-interval:15m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        Instant cutoff = Instant.now().minus(idleCloseAfter);
        return closeAll(cutoff, 0).invoke(closed -> {
            if (closed > 0) {
                LOG.infof("closed %d threads idle since before %s", closed, cutoff);
            }
        }).replaceWithVoid();
    }

    /** Closes batch after batch (one transaction each) while batches come back full; emits the total. */
    private Uni<Integer> closeAll(Instant cutoff, int closedBefore) {
        return threads.closeIdle(cutoff, BATCH).flatMap(closed -> closed == BATCH
                ? closeAll(cutoff, closedBefore + closed) : Uni.createFrom().item(closedBefore + closed));
    }
}
