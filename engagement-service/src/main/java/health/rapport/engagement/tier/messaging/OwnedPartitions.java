package health.rapport.engagement.tier.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The partitions of {@code rapport.message-events.v1} this instance consumes. Events are keyed by clinician, so
 * these partitions name the clinicians this instance evaluates on schedule; replicas split the clinicians the
 * way Kafka splits the partitions, and a clinician moves with its partition on a rebalance.
 */
@ApplicationScoped
@Identifier("engagement-partitions")
@jakarta.enterprise.inject.Default
public class OwnedPartitions implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(OwnedPartitions.class);

    private final Set<Integer> owned = new ConcurrentSkipListSet<>();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.add(p.partition()));
        LOG.infof("message-events partitions owned: %s", owned);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.remove(p.partition()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    public Set<Integer> owned() {
        return new TreeSet<>(owned);
    }
}
