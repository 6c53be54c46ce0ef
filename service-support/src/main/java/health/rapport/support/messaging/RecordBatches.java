package health.rapport.support.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * How Rapport's batch consumers apply a Kafka batch: in one go, waiting out the database or network being away
 * (never a reason to dead-letter a good record), and, when the batch fails for a reason of its own, one item at a
 * time so that only the item that fails goes to the dead-letter topic.
 */
public final class RecordBatches {

    private static final Logger LOG = Logger.getLogger(RecordBatches.class);

    private RecordBatches() {
    }

    /** Runs {@code work} again, with back-off and indefinitely, while it fails for a transient reason. */
    public static <R> Uni<R> retryingTransientFailures(String what, Supplier<Uni<? extends R>> work) {
        return Uni.createFrom().<R>deferred(work)
                .onFailure(IdempotentConsumer::isTransient)
                .invoke(f -> LOG.warnf("%s not applied yet (%s); retrying", what, f.toString()))
                .onFailure(IdempotentConsumer::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }

    /**
     * Applies {@code items} with {@code apply} (one transaction), retrying transient failures. If it fails otherwise,
     * applies them one at a time; each one that fails is added to {@code dead} with reason
     * {@code processing failed: <exception class>}. Emits the results of what was applied, merged.
     *
     * @param none     the result of applying nothing
     * @param recordOf the Kafka record an item came from
     */
    public static <T, R> Uni<R> applyIsolatingFailures(String what, List<T> items, Function<List<T>, Uni<R>> apply,
            R none, BinaryOperator<R> merge, Function<T, KafkaRecord<String, String>> recordOf,
            List<DeadLetters.DeadLetter> dead) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(none);
        }
        return retryingTransientFailures(what + " batch", () -> apply.apply(items)).onFailure().recoverWithUni(failure -> {
            LOG.warnf("%s batch of %d failed (%s); applying its items one by one", what, items.size(), failure.toString());
            // A stream, not a chain of flatMaps: subscribing to a chain as long as a batch of 2,000 overflowed the
            // stack, and the batch then never completed.
            return Multi.createFrom().iterable(items)
                    .onItem().transformToUniAndConcatenate(item -> retryingTransientFailures(what, () -> apply.apply(List.of(item)))
                            .onFailure().recoverWithItem(single -> {
                                KafkaRecord<String, String> record = recordOf.apply(item);
                                LOG.warnf("%s: the item of %s-%d@%d failed (%s)", what, record.getTopic(),
                                        record.getPartition(), DeadLetters.offset(record), single.toString());
                                dead.add(new DeadLetters.DeadLetter(record,
                                        "processing failed: " + single.getClass().getSimpleName()));
                                return none;
                            }))
                    .collect().with(Collectors.reducing(none, merge));
        });
    }
}
