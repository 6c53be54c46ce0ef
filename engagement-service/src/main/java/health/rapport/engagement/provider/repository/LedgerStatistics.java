package health.rapport.engagement.provider.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps PostgreSQL's planner statistics of the ledger's tables in step with how fast they grow.
 *
 * <p>A replay into a fresh database grows {@code message_fact} from empty to a hundred thousand rows in a minute, and
 * autovacuum looks at a table once a minute at best. Planned with the statistics of an almost empty table, the
 * ledger's answer and templated-reply statements walk every response of a partial index for each patient message,
 * instead of looking the claimed ones up by key: a batch of 2,000 events then took seconds instead of a tenth of one.
 * So whenever the facts have doubled since the statistics were last gathered (and grown by at least
 * {@code rapport.engagement.statistics.min-growth} rows), one {@code ANALYZE} of the ledger's tables runs beside the
 * consumers: a replay of a million events analyzes about ten times. On a table of millions of rows doubling takes
 * months, and autovacuum's own analyses come first.
 */
@ApplicationScoped
public class LedgerStatistics {

    private static final Logger LOG = Logger.getLogger(LedgerStatistics.class);

    private static final String ROWS = "select greatest(reltuples, 0)::bigint from pg_class where oid = 'message_fact'::regclass";

    private static final String ANALYZE = "analyze message_fact, answer_claim";

    private final Pool pool;
    private final long minGrowth;
    private final AtomicLong writtenSinceAnalyze = new AtomicLong();
    private final AtomicBoolean analyzing = new AtomicBoolean();
    /** The facts at the last analysis, as PostgreSQL counted them; -1 until first read. */
    private volatile long factsAtAnalyze = -1;

    public LedgerStatistics(Pool pool,
            @ConfigProperty(name = "rapport.engagement.statistics.min-growth", defaultValue = "1000") long minGrowth) {
        this.pool = pool;
        this.minGrowth = minGrowth;
    }

    /**
     * Counts facts a committed batch wrote; starts an analysis in the background when they have grown enough. Never
     * fails and never delays the caller: statistics only steer plans.
     */
    public void written(int facts) {
        long written = writtenSinceAnalyze.addAndGet(facts);
        if (written >= Math.max(minGrowth, factsAtAnalyze) && analyzing.compareAndSet(false, true)) {
            analyze(written).subscribe().with(ignored -> analyzing.set(false), failure -> {
                analyzing.set(false);
                LOG.warnf("analyzing the ledger's tables failed: %s", failure.getMessage());
            });
        }
    }

    /** Whether an analysis is running now (tests wait for it). */
    public boolean analyzing() {
        return analyzing.get();
    }

    private Uni<Void> analyze(long written) {
        return rowCount().flatMap(before -> {
            factsAtAnalyze = Math.max(factsAtAnalyze, before);
            if (written < Math.max(minGrowth, factsAtAnalyze)) {
                // Someone (autovacuum, most likely) analyzed since: start counting from there.
                writtenSinceAnalyze.addAndGet(-written);
                return Uni.createFrom().voidItem();
            }
            long started = System.nanoTime();
            return pool.query(ANALYZE).execute().flatMap(ignored -> rowCount()).invoke(after -> {
                factsAtAnalyze = after;
                writtenSinceAnalyze.addAndGet(-written);
                LOG.infof("ledger statistics gathered at %,d facts in %d ms", after,
                        (System.nanoTime() - started) / 1_000_000);
            }).replaceWithVoid();
        });
    }

    private Uni<Long> rowCount() {
        return pool.query(ROWS).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
