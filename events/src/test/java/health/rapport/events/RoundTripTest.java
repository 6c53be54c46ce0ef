package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.rapport.events.kafka.CloudEventDeserializer;
import health.rapport.events.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Record -> JSON (valid against the schemas) -> record, directly and through the Kafka (de)serialiser. */
class RoundTripTest {

    static Stream<CloudEvent<EventPayload>> events() {
        return SampleEvents.all().stream();
    }

    @Test
    void thereIsAFixtureForEveryEventType() {
        assertThat(SampleEvents.all().stream().map(e -> EventType.of(e.data().getClass())).distinct())
                .containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void ofFillsTheEnvelopeFromTheEventType(EventType type) {
        CloudEvent<EventPayload> event = SampleEvents.event(SampleEvents.payload(type));
        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(event.type()).isEqualTo(type.ceType());
        assertThat(event.dataschema()).isEqualTo(type.schemaUri());
        assertThat(event.schemaversion()).isEqualTo(type.schemaVersion());
        assertThat(event.datacontenttype()).isEqualTo("application/json");
        assertThat(event.subject()).isEqualTo(SampleEvents.CLINICIAN);
    }

    @ParameterizedTest
    @MethodSource("events")
    void jsonIsValidAndDecodesToAnEqualEvent(CloudEvent<EventPayload> event) throws Exception {
        EventType type = EventType.of(event.data().getClass());
        String json = EventCodec.toJson(event);
        JsonNode tree = EventCodec.mapper().readTree(json);

        assertThat(Schemas.messages(Schemas.validate(Schemas.envelope(), tree))).as("envelope errors").isEmpty();
        assertThat(Schemas.messages(Schemas.validate(Schemas.of(type), tree.get("data")))).as("data errors").isEmpty();
        assertThat(tree.path("time").asText()).as("ISO-8601 instant, not a number").endsWith("Z");

        CloudEvent<? extends EventPayload> decoded = EventCodec.fromJson(json);
        assertThat(decoded).isEqualTo(event);
        assertThat(EventCodec.fromJson(json, type.payloadClass()).data()).isEqualTo(event.data());
    }

    @ParameterizedTest
    @MethodSource("events")
    void absentOptionalMembersAreOmittedNotNull(CloudEvent<EventPayload> event) throws Exception {
        JsonNode data = EventCodec.mapper().readTree(EventCodec.toJson(event)).get("data");
        data.fields().forEachRemaining(e -> assertThat(e.getValue().isNull()).as(e.getKey()).isFalse());
        assertThat(data.has("subject")).as("subject() is not a data member").isFalse();
    }

    @ParameterizedTest
    @MethodSource("events")
    void kafkaSerializerAndDeserializerRoundTrip(CloudEvent<EventPayload> event) {
        String topic = EventType.of(event.data().getClass()).topic();
        try (CloudEventSerializer serializer = new CloudEventSerializer();
                CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            RecordHeaders headers = new RecordHeaders();
            byte[] bytes = serializer.serialize(topic, headers, event);

            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(EventCodec.toJson(event));
            assertThat(deserializer.deserialize(topic, headers, bytes)).isEqualTo(event);
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(event);

            Header contentType = headers.lastHeader("content-type");
            assertThat(contentType).as("structured-mode content-type header").isNotNull();
            assertThat(new String(contentType.value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json");
        }
    }

    @Test
    void serializerKeepsAnExistingContentTypeHeaderAndAddsNoSecond() {
        CloudEvent<EventPayload> event = SampleEvents.event(SampleEvents.payload(EventType.THREAD_READ));
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.serialize(Topics.MESSAGE_EVENTS, headers, event);
        }
        assertThat(Arrays.stream(headers.toArray()).filter(h -> h.key().equals("content-type"))).hasSize(1);
    }

    @Test
    void nullRecordsStayNull() {
        try (CloudEventSerializer serializer = new CloudEventSerializer();
                CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            RecordHeaders headers = new RecordHeaders();
            assertThat(serializer.serialize(Topics.NUDGE_EVENTS, headers, null)).isNull();
            assertThat(headers.toArray()).as("a tombstone gets no content-type").isEmpty();
            assertThat(deserializer.deserialize(Topics.NUDGE_EVENTS, null)).isNull();
        }
    }
}
