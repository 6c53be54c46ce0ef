package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.rapport.events.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed records raise InvalidEventException (which consumers route to the dead-letter topic). */
class EventCodecRejectionTest {

    private static ObjectNode valid() {
        return (ObjectNode) Schemas.resourceJson("samples/thread-read.json").deepCopy();
    }

    private static void assertRejected(String json, String messagePart) {
        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void theValidBaseIsAccepted() {
        assertThat(EventCodec.fromJson(valid().toString()).data()).isInstanceOf(ThreadRead.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json at all", "{\"specversion\": \"1.0\", ", "<Communication/>", "{'a': 1}"})
    void notJson(String record) {
        assertRejected(record, "not JSON");
    }

    @Test
    void jsonFollowedByMoreBytes() {
        assertRejected(valid().toString() + " {\"id\": \"2\"}", "not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void empty(String record) {
        assertRejected(record, "empty");
    }

    @Test
    void nullRecord() {
        assertRejected(null, "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"health.rapport.thread.read\"", "42", "null"})
    void notAnObject(String record) {
        assertRejected(record, "not a JSON object");
    }

    @Test
    void unknownType() {
        assertRejected(valid().put("type", "health.rapport.thread.archived").toString(), "unknown event type");
    }

    @Test
    void missingType() {
        ObjectNode event = valid();
        event.remove("type");
        assertRejected(event.toString(), "missing type");
    }

    @Test
    void missingData() {
        ObjectNode event = valid();
        event.remove("data");
        assertRejected(event.toString(), "missing data");
    }

    @Test
    void nullOrNonObjectData() {
        assertRejected(valid().putNull("data").toString(), "missing data");
        assertRejected(valid().put("data", "{\"threadId\": \"thr-1\"}").toString(), "missing data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3", "1", "2.0", "1.0.2"})
    void wrongSpecversion(String specversion) {
        assertRejected(valid().put("specversion", specversion).toString(), "unsupported specversion");
    }

    @Test
    void missingSpecversion() {
        ObjectNode event = valid();
        event.remove("specversion");
        assertRejected(event.toString(), "missing specversion");
    }

    @Test
    void missingIdOrSource() {
        ObjectNode noId = valid();
        noId.remove("id");
        assertRejected(noId.toString(), "missing id");
        assertRejected(valid().put("source", " ").toString(), "missing source");
    }

    @Test
    void dataThatDoesNotFitTheRecord() {
        ObjectNode badEnum = valid();
        ((ObjectNode) badEnum.get("data")).put("readerRole", "DOCTOR");
        assertRejected(badEnum.toString(), "bad thread-read data");

        ObjectNode badInstant = valid();
        ((ObjectNode) badInstant.get("data")).put("readAt", "yesterday");
        assertRejected(badInstant.toString(), "bad thread-read data");

        ObjectNode nullPrimitive = (ObjectNode) Schemas.resourceJson("samples/nudge-delivered.json").deepCopy();
        ((ObjectNode) nullPrimitive.get("data")).putNull("attempts");
        assertRejected(nullPrimitive.toString(), "bad nudge-delivered data");
    }

    @Test
    void unknownMembersAreIgnoredForForwardCompatibility() {
        ObjectNode event = valid().put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        ((ObjectNode) event.get("data")).put("readVia", "mobile-app");
        assertThat(EventCodec.fromJson(event.toString()).data()).isInstanceOf(ThreadRead.class);
    }

    @Test
    void expectingAnotherPayloadType() {
        assertThatThrownBy(() -> EventCodec.fromJson(valid().toString(), MessageSent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("expected MessageSent");
    }

    @Test
    void kafkaDeserializerRejectsMalformedRecords() {
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            assertThatThrownBy(() -> deserializer.deserialize(Topics.MESSAGE_EVENTS,
                    "\u0000\u0001binary".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidEventException.class);
        }
    }
}
