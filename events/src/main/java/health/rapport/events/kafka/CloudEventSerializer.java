package health.rapport.events.kafka;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serialiser writing a CloudEvent in structured JSON mode. As the CloudEvents Kafka protocol binding requires
 * for structured mode, it sets the record header {@code content-type: application/cloudevents+json} unless the
 * record already has a {@code content-type} header (for example one copied from a dead-lettered record).
 */
public class CloudEventSerializer implements Serializer<CloudEvent<?>> {

    /** The Kafka header that carries the record's media type. */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    @Override
    public byte[] serialize(String topic, CloudEvent<?> event) {
        return event == null ? null : EventCodec.toBytes(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, CloudEvent<?> event) {
        if (event != null && headers != null && headers.lastHeader(CONTENT_TYPE_HEADER) == null) {
            headers.add(CONTENT_TYPE_HEADER, CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        }
        return serialize(topic, event);
    }
}
