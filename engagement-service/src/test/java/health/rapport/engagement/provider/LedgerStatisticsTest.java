package health.rapport.engagement.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import health.rapport.engagement.provider.repository.LedgerStatistics;
import health.rapport.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The ledger's statistics are gathered once the facts have grown enough, over the real database. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class LedgerStatisticsTest {

    @Inject
    LedgerStatistics statistics;

    @Inject
    DataSource dataSource;

    @Test
    void factsThatDoubledGetTheLedgersTablesAnalyzed() throws SQLException {
        await().atMost(Duration.ofSeconds(30)).until(() -> !statistics.analyzing());
        long before = analyses("message_fact");
        long claimsBefore = analyses("answer_claim");

        // Far beyond the 1,000 rows of the minimum and beyond the facts the other tests left.
        statistics.written(10_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> !statistics.analyzing() && analyses("message_fact") > before);
        assertThat(analyses("answer_claim")).isGreaterThan(claimsBefore);
    }

    /** How often the table was analyzed by hand (autovacuum's analyses count apart). */
    private long analyses(String table) throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement()) {
            // Counters of other sessions' statements reach the view when those sessions report them; ask afresh.
            statement.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rows = statement.executeQuery(
                    "select analyze_count from pg_stat_user_tables where relname = '" + table + "'")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
