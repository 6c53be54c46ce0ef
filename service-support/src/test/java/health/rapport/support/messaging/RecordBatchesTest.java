package health.rapport.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {

    private static final int BATCH = 5_000;

    @Test
    void aFailedBatchOfThousandsIsAppliedItemByItemAndOnlyTheBadItemIsDeadLettered() {
        List<Integer> items = IntStream.range(0, BATCH).boxed().toList();
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        List<Integer> applied = new ArrayList<>();

        // Items complete synchronously, the deepest case for a chain of operators.
        Integer total = RecordBatches.applyIsolatingFailures("test", items, some -> {
                    if (some.contains(4_321)) {
                        return Uni.createFrom().failure(new IllegalStateException("item 4321 breaks a constraint"));
                    }
                    applied.addAll(some);
                    return Uni.createFrom().item(some.size());
                }, 0, Integer::sum, item -> KafkaRecord.of("key-" + item, "value-" + item), dead)
                .await().atMost(Duration.ofSeconds(30));

        assertThat(total).isEqualTo(BATCH - 1);
        assertThat(applied).hasSize(BATCH - 1).doesNotContain(4_321);
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.record().getKey()).isEqualTo("key-4321");
            assertThat(letter.reason()).isEqualTo("processing failed: IllegalStateException");
        });
    }

    @Test
    void aBatchThatSucceedsIsAppliedOnce() {
        List<Integer> calls = new ArrayList<>();
        Integer total = RecordBatches.applyIsolatingFailures("test", List.of(1, 2, 3), some -> {
            calls.add(some.size());
            return Uni.createFrom().item(some.size());
        }, 0, Integer::sum, item -> KafkaRecord.of("k", "v"), new ArrayList<>()).await().atMost(Duration.ofSeconds(5));

        assertThat(total).isEqualTo(3);
        assertThat(calls).containsExactly(3);
    }
}
