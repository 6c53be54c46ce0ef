package health.rapport.bench.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.bench.RealisticData;
import java.util.ArrayList;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CountBatchTest {

    @Test
    void aBatchHasDistinctSortedKeysAndFoldsRepeats() {
        long[] events = {0};

        TreeMap<PostgresBench.CountKey, Long> batch = PostgresBench.countBatch(new RealisticData(9), 500, events);

        assertThat(batch).hasSize(500);
        assertThat(batch.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(events[0]);
        assertThat(events[0]).isGreaterThan(500);
        assertThat(new ArrayList<>(batch.keySet())).isSorted();
    }

    @Test
    void theSimulatedDayMovesOn() {
        long[] events = {0};
        RealisticData data = new RealisticData(9);
        var first = PostgresBench.countBatch(data, 500, events).firstKey().day();
        events[0] += PostgresBench.EVENTS_PER_DAY;

        var later = PostgresBench.countBatch(data, 500, events).firstKey().day();

        assertThat(later).isAfter(first);
    }

    @Test
    void theUpsertIsEngagementServicesStatement() {
        assertThat(PostgresBench.UPSERT_COUNT).contains("on conflict (clinician_id, day, kind)")
                .contains("do update set count = clinician_daily_count.count + excluded.count");
    }
}
