package health.rapport.events.kafka;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.EventPayload;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserialiser for CloudEvents in structured JSON mode. It throws on a malformed record; with SmallRye,
 * prefer reading strings and decoding in the consumer so that a poison record is nacked to the dead-letter topic.
 */
public class CloudEventDeserializer implements Deserializer<CloudEvent<? extends EventPayload>> {
    @Override
    public CloudEvent<? extends EventPayload> deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.fromJson(new String(data, StandardCharsets.UTF_8));
    }
}
