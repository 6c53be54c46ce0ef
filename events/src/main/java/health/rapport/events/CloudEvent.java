package health.rapport.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode. Every event Rapport produces travels in one.
 *
 * @param specversion     always {@code 1.0}
 * @param id              unique per event; consumers drop repeats by this id
 * @param source          the producing service, as a URI reference such as {@code /rapport/message-service}
 * @param type            the event type, see {@link EventType#ceType()}
 * @param time            when the fact happened
 * @param subject         the clinician the event is about (also the Kafka record key)
 * @param dataschema      the URI of the JSON Schema {@code data} conforms to
 * @param datacontenttype always {@code application/json}
 * @param schemaversion   the version of {@code dataschema} (an extension attribute)
 * @param data            the event payload
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T extends EventPayload>(
        String specversion,
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        String dataschema,
        String datacontenttype,
        String schemaversion,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** Wraps a payload in a fresh envelope: a random id, the payload's type, schema and subject. */
    public static <T extends EventPayload> CloudEvent<T> of(String source, Instant time, T data) {
        return of(UUID.randomUUID().toString(), source, time, data);
    }

    public static <T extends EventPayload> CloudEvent<T> of(String id, String source, Instant time, T data) {
        EventType eventType = EventType.of(data.getClass());
        return new CloudEvent<>(SPEC_VERSION, id, source, eventType.ceType(), time, data.subject(),
                eventType.schemaUri(), "application/json", eventType.schemaVersion(), data);
    }
}
