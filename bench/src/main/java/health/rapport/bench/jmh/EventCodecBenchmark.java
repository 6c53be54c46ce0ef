package health.rapport.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import health.rapport.bench.RealisticData;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageSent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The event codec every producer and consumer pays per record, on a realistic MessageSent (a provider response
 * with answered message ids), beside Jackson's own tree parse and print of the same JSON: fromJson is a
 * readTree followed by binding, so readTree bounds it; writing the parsed tree is the cost of printing that
 * JSON without the records' serialisers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventCodecBenchmark {

    private CloudEvent<MessageSent> event;
    private String json;
    private JsonNode tree;

    @Setup
    public void setUp() {
        RealisticData data = new RealisticData(42);
        CloudEvent<MessageSent> candidate = data.messageSent();
        while (candidate.data().answeredMessageIds() == null) {
            candidate = data.messageSent();
        }
        event = candidate;
        json = EventCodec.toJson(event);
        try {
            tree = EventCodec.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public String toJson() {
        return EventCodec.toJson(event);
    }

    @Benchmark
    public Object fromJson() {
        return EventCodec.fromJson(json);
    }

    @Benchmark
    public JsonNode jacksonReadTree() throws Exception {
        return EventCodec.mapper().readTree(json);
    }

    @Benchmark
    public String jacksonWriteTree() throws Exception {
        return EventCodec.mapper().writeValueAsString(tree);
    }
}
