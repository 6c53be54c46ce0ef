package health.rapport.support.outbox;

import health.rapport.support.vertx.SafeContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * How far the outbox is behind: rows not yet published and the age of the oldest. The relay updates it after
 * every batch; a scheduled refresh keeps it true while the relay cannot publish (Kafka down), which is exactly
 * when it matters. Prometheus: {@code rapport_outbox_backlog} (rows), {@code rapport_outbox_lag_seconds} (the
 * oldest row's age), {@code rapport_outbox_published_total} and {@code rapport_outbox_failed_batches_total}.
 */
@ApplicationScoped
public class OutboxLag {

    private static final Logger LOG = Logger.getLogger(OutboxLag.class);

    /** One consistent reading: rows waiting and when the oldest of them was written (empty when none). */
    public record Snapshot(long backlog, Optional<Instant> oldestCreatedAt, Optional<Instant> lastPublishedAt,
            Instant measuredAt) {

        /** The oldest waiting row's age at {@code now}; zero when nothing waits. */
        public Duration lagAt(Instant now) {
            return oldestCreatedAt.map(oldest -> Duration.between(oldest, now)).filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    private final AtomicReference<Snapshot> current;
    private final Counter published;
    private final Counter failedBatches;

    public OutboxLag(Vertx vertx, Pool pool, MeterRegistry registry) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = Clock.systemUTC();
        this.current = new AtomicReference<>(new Snapshot(0, Optional.empty(), Optional.empty(), clock.instant()));
        Gauge.builder("rapport.outbox.backlog", this, lag -> lag.snapshot().backlog())
                .description("outbox rows not yet published to Kafka").register(registry);
        Gauge.builder("rapport.outbox.lag", this, lag -> lag.lag().toMillis() / 1000.0)
                .description("age of the oldest outbox row not yet published").baseUnit("seconds").register(registry);
        this.published = Counter.builder("rapport.outbox.published").description("outbox rows published to Kafka")
                .register(registry);
        this.failedBatches = Counter.builder("rapport.outbox.failed.batches")
                .description("relay batches Kafka did not acknowledge (they stay in the outbox)").register(registry);
    }

    public Snapshot snapshot() {
        return current.get();
    }

    /** The oldest waiting row's age now (it grows between readings, so a stuck outbox shows at once). */
    public Duration lag() {
        return snapshot().lagAt(clock.instant());
    }

    /**
     * Called by the relay in the transaction that deleted {@code count} published rows. It reads only the oldest
     * remaining row, one step along the primary key: a {@code count(*)} here ran after every request and every
     * EHR batch, and it reads every dead row the deletes leave until vacuum comes (20 to 90 ms a batch after an
     * EHR import). So the backlog is exact when nothing remains, and otherwise the last exact count less what
     * went out since, until the next scheduled refresh counts again.
     */
    Uni<Void> afterPublished(SqlClient connection, int count) {
        published.increment(count);
        Instant now = clock.instant();
        return connection.query(OLDEST).execute().invoke(rows -> {
            Optional<Instant> oldest = rows.size() == 0 ? Optional.empty()
                    : Optional.of(rows.iterator().next().getOffsetDateTime(0).toInstant());
            long backlog = oldest.isEmpty() ? 0 : Math.max(1, snapshot().backlog() - count);
            current.set(new Snapshot(backlog, oldest, Optional.of(now), now));
        }).replaceWithVoid();
    }

    private static final String OLDEST = "select created_at from outbox_event order by id limit 1";

    void batchFailed() {
        failedBatches.increment();
    }

    @Scheduled(every = "${rapport.outbox.lag-refresh-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRefresh() {
        Context context = SafeContexts.fresh(vertx);
        context.runOnContext(ignored -> refresh().subscribe().with(done -> { }, failure ->
                LOG.debugf("outbox lag not refreshed: %s", failure.toString())));
    }

    /** Reads the outbox now and keeps the reading. */
    public Uni<Snapshot> refresh() {
        return read(pool).map(reading -> {
            Snapshot next = new Snapshot(reading.backlog(), reading.oldestCreatedAt(), snapshot().lastPublishedAt(),
                    clock.instant());
            current.set(next);
            return next;
        });
    }

    private record Reading(long backlog, Optional<Instant> oldestCreatedAt) {
    }

    private Uni<Reading> read(SqlClient client) {
        return client.query("select count(*), min(created_at) from outbox_event").execute().map(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime oldest = row.getOffsetDateTime(1);
            return new Reading(row.getLong(0), Optional.ofNullable(oldest).map(OffsetDateTime::toInstant));
        });
    }
}
