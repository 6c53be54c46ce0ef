package health.rapport.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/**
 * Turns CloudEvents envelopes to JSON and back. Unknown fields are ignored on read so that producers can add
 * fields without breaking older consumers; unknown event types and malformed records raise
 * {@link InvalidEventException}, which consumers route to the dead-letter topic.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // A record holding one JSON value followed by more bytes (two values glued together, a truncated
            // write spliced onto another) is corrupt; without this, readTree silently keeps the first value.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(CloudEvent<?> event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + event.id(), e);
        }
    }

    public static byte[] toBytes(CloudEvent<?> event) {
        return toJson(event).getBytes(StandardCharsets.UTF_8);
    }

    public static CloudEvent<? extends EventPayload> fromJson(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty record");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // The parser's own message quotes the input, which may be message text: report the position only.
            var location = e.getLocation();
            throw new InvalidEventException(location == null ? "not JSON"
                    : "not JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
        }
        return fromTree(tree);
    }

    public static CloudEvent<? extends EventPayload> fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("not a JSON object");
        }
        String specversion = requiredText(tree, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new InvalidEventException("unsupported specversion " + specversion);
        }
        String ceType = requiredText(tree, "type");
        EventType type = EventType.ofCeType(ceType)
                .orElseThrow(() -> new InvalidEventException("unknown event type " + ceType));
        JsonNode data = tree.get("data");
        if (data == null || !data.isObject()) {
            throw new InvalidEventException("missing data");
        }
        try {
            EventPayload payload = MAPPER.treeToValue(data, type.payloadClass());
            return new CloudEvent<>(specversion, requiredText(tree, "id"), requiredText(tree, "source"), ceType,
                    tree.hasNonNull("time") ? MAPPER.treeToValue(tree.get("time"), java.time.Instant.class) : null,
                    text(tree, "subject"), text(tree, "dataschema"), text(tree, "datacontenttype"),
                    text(tree, "schemaversion"), payload);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("bad " + type.schemaName() + " data: " + e.getMessage());
        }
    }

    /** Reads an event whose payload type the caller expects, failing if it is another type. */
    public static <T extends EventPayload> CloudEvent<T> fromJson(String json, Class<T> payloadClass) {
        CloudEvent<? extends EventPayload> event = fromJson(json);
        if (!payloadClass.isInstance(event.data())) {
            throw new InvalidEventException("expected " + payloadClass.getSimpleName() + " but got " + event.type());
        }
        @SuppressWarnings("unchecked")
        CloudEvent<T> typed = (CloudEvent<T>) event;
        return typed;
    }

    private static String requiredText(JsonNode tree, String field) {
        String value = text(tree, field);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing " + field);
        }
        return value;
    }

    private static String text(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
