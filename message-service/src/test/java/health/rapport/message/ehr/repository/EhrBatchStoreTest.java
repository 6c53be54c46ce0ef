package health.rapport.message.ehr.repository;

import static health.rapport.message.TestDatabase.connect;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.message.thread.repository.ThreadEntity;
import health.rapport.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The EHR batch's statements over the real database, where concurrency matters. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EhrBatchStoreTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    Pool pool;

    /**
     * The idle sweep closes a thread while an EHR batch waits to lock it: the batch must still get the thread
     * (before, the recheck of the updated row dropped it, the batch inserted the thread again and failed).
     */
    @Test
    void aThreadUpdatedWhileTheBatchWaitsForItsLockIsStillFound() throws Exception {
        List<String> keys = List.of("Communication/lock-" + UUID.randomUUID(), "Communication/lock-" + UUID.randomUUID(),
                "Communication/lock-" + UUID.randomUUID());
        try (Connection sweep = connect(jdbcUrl)) {
            for (String key : keys) {
                insertThread(sweep, key);
            }
            sweep.setAutoCommit(false);
            try (PreparedStatement close = sweep.prepareStatement(
                    "update thread set status = 'CLOSED', closed_at = now() where external_key = ?")) {
                close.setString(1, keys.get(1));
                close.executeUpdate();
            }
            // The batch's statement planned as on a full table once the pool's prepared statement goes generic:
            // index scans and nested loops, not the hash and sequential scans a test's few rows invite.
            CompletableFuture<List<ThreadEntity>> locked = pool.withTransaction(connection -> connection
                            .query("set local plan_cache_mode = force_generic_plan; set local enable_seqscan = off;"
                                    + " set local enable_hashjoin = off; set local enable_mergejoin = off").execute()
                            .flatMap(ignored -> new EhrBatchStore(connection).threadsForUpdate(Set.copyOf(keys), Set.of())))
                    .subscribeAsCompletionStage();
            Thread.sleep(500);
            assertThat(locked).as("waits for the sweep's lock").isNotDone();
            sweep.commit();

            List<ThreadEntity> threads = locked.get(30, TimeUnit.SECONDS);
            assertThat(threads).extracting(t -> t.externalKey).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(threads).filteredOn(t -> t.externalKey.equals(keys.get(1)))
                    .singleElement().satisfies(t -> assertThat(t.status).isEqualTo(ThreadEntity.Status.CLOSED));
        }
    }

    private static void insertThread(Connection db, String key) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("insert into thread (id, patient_id, clinician_id, subject,"
                + " category, priority, status, origin, created_at, last_message_at, external_key) values (?, ?, ?,"
                + " 'History', 'other', 'routine', 'OPEN', 'EHR', now() - interval '90 days', now() - interval '90 days', ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, "pat-" + UUID.randomUUID());
            insert.setString(3, "prac-" + UUID.randomUUID());
            insert.setString(4, key);
            insert.executeUpdate();
        }
    }
}
