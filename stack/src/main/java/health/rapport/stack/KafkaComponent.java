package health.rapport.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Kafka broker of the local stack, with every Rapport topic created once it is up. */
public final class KafkaComponent extends Component {

    private final KafkaBroker broker;

    public KafkaComponent(StackSettings settings) {
        super(settings, "kafka");
        this.broker = new KafkaBroker(settings.root(), settings.dataDir().resolve("kafka"),
                settings.port(StackSettings.Port.KAFKA), settings.port(StackSettings.Port.KAFKA_CONTROLLER));
    }

    @Override
    public List<StackSettings.Port> ports() {
        return List.of(StackSettings.Port.KAFKA, StackSettings.Port.KAFKA_CONTROLLER);
    }

    @Override
    public void launch() {
        process.start(broker.prepare(javaExecutable(), settings.marker()), Map.of(), settings.home());
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(120);
    }

    @Override
    public boolean healthy() {
        return broker.healthy();
    }

    @Override
    public void afterReady() {
        broker.createTopics();
    }

    @Override
    public String endpoint() {
        return broker.bootstrapServers() + " (topics created with " + KafkaBroker.PARTITIONS + " partitions)";
    }
}
