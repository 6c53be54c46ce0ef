package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample events in samples/ are valid; the broken ones in samples/invalid/ are not, for the expected reason. */
class SampleEventsValidationTest {

    static Stream<String> validSamples() {
        return Schemas.filesIn("samples").stream().filter(f -> f.endsWith(".json"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeHasASample(EventType type) {
        String resource = "samples/" + type.schemaName() + ".json";
        assertThat(Schemas.resourceExists(resource)).as(resource).isTrue();
        assertThat(Schemas.resourceJson(resource).path("type").asText()).isEqualTo(type.ceType());
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void sampleIsAValidEnvelopeAndItsDataIsValid(String file) {
        JsonNode sample = Schemas.resourceJson("samples/" + file);
        EventType type = EventType.ofCeType(sample.path("type").asText()).orElseThrow();
        assertThat(file).startsWith(type.schemaName());

        assertThat(Schemas.messages(Schemas.validate(Schemas.envelope(), sample))).as("envelope errors").isEmpty();
        assertThat(Schemas.messages(Schemas.validate(Schemas.of(type), sample.get("data")))).as("data errors")
                .isEmpty();
        assertThat(sample.path("dataschema").asText()).isEqualTo(type.schemaUri());
        assertThat(sample.path("schemaversion").asText()).isEqualTo(type.schemaVersion());
        assertThat(sample.path("subject").asText())
                .as("subject is the clinician, the Kafka key")
                .isEqualTo(sample.path("data").path("clinicianId").asText());
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void sampleDecodesToItsRecordAndReencodesToTheSameTree(String file) throws Exception {
        String json = Schemas.resourceText("samples/" + file);
        CloudEvent<? extends EventPayload> event = EventCodec.fromJson(json);
        EventType type = EventType.ofCeType(event.type()).orElseThrow();

        assertThat(event.data()).isInstanceOf(type.payloadClass());
        assertThat(event.subject()).isEqualTo(event.data().subject());
        assertThat(EventCodec.mapper().readTree(EventCodec.toJson(event)))
                .isEqualTo(EventCodec.mapper().readTree(json));
    }

    @Test
    void theInvalidFolderHoldsExactlyTheCasesBelow() {
        assertThat(Schemas.filesIn("samples/invalid")).containsExactlyInAnyOrder(
                "message-sent-missing-clinician-id.json", "message-sent-bad-kind.json",
                "message-sent-bad-fingerprint.json", "message-sent-text-smuggled.json",
                "message-sent-response-without-latency.json", "message-sent-bad-sender-role.json",
                "engagement-tier-changed-bad-tier.json", "engagement-tier-changed-share-above-one.json",
                "nudge-delivered-bad-time.json", "nudge-scheduled-bad-channel.json", "thread-read-null-reader.json",
                "reply-overdue-missing-due-at.json", "nudge-failed-zero-attempts.json",
                "envelope-wrong-specversion.json", "envelope-missing-id.json", "envelope-unknown-type.json",
                "envelope-dataschema-mismatch.json", "envelope-missing-subject.json",
                "envelope-bad-attribute-name.json", "envelope-bad-time.json",
                "envelope-wrong-datacontenttype.json");
    }

    /** Broken data: both the envelope (which validates data by type) and the type's own schema reject it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "message-sent-missing-clinician-id.json,      clinicianId",
            "message-sent-bad-kind.json,                  kind",
            "message-sent-bad-fingerprint.json,           textFingerprint",
            "message-sent-text-smuggled.json,             body",
            "message-sent-response-without-latency.json,  responseLatencySeconds",
            "message-sent-bad-sender-role.json,           senderRole",
            "engagement-tier-changed-bad-tier.json,       tier",
            "engagement-tier-changed-share-above-one.json, shareAnsweredWithinTarget",
            "nudge-delivered-bad-time.json,               deliveredAt",
            "nudge-scheduled-bad-channel.json,            channel",
            "thread-read-null-reader.json,                readerId",
            "reply-overdue-missing-due-at.json,           dueAt",
            "nudge-failed-zero-attempts.json,             attempts"
    })
    void brokenDataFailsValidation(String file, String offendingMember) {
        JsonNode sample = Schemas.resourceJson("samples/invalid/" + file);
        EventType type = EventType.ofCeType(sample.path("type").asText()).orElseThrow();

        Set<ValidationMessage> dataErrors = Schemas.validate(Schemas.of(type), sample.get("data"));
        assertThat(Schemas.messages(dataErrors)).isNotEmpty().anySatisfy(m -> assertThat(m).contains(offendingMember));

        Set<ValidationMessage> envelopeErrors = Schemas.validate(Schemas.envelope(), sample);
        assertThat(Schemas.messages(envelopeErrors)).isNotEmpty()
                .anySatisfy(m -> assertThat(m).contains("/data").contains(offendingMember));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "envelope-wrong-specversion.json,     specversion",
            "envelope-missing-id.json,            id",
            "envelope-unknown-type.json,          type",
            "envelope-dataschema-mismatch.json,   dataschema",
            "envelope-missing-subject.json,       subject",
            "envelope-bad-attribute-name.json,    traceParent",
            "envelope-bad-time.json,              time",
            "envelope-wrong-datacontenttype.json, datacontenttype"
    })
    void brokenEnvelopeFailsValidation(String file, String offendingAttribute) {
        JsonNode sample = Schemas.resourceJson("samples/invalid/" + file);
        List<String> errors = Schemas.messages(Schemas.validate(Schemas.envelope(), sample));
        assertThat(errors).isNotEmpty().anySatisfy(m -> assertThat(m).contains(offendingAttribute));
    }

    @Test
    void aValidDataPayloadUnderTheWrongTypeFailsTheEnvelope() {
        JsonNode sample = Schemas.resourceJson("samples/thread-read.json").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) sample)
                .put("type", EventType.NUDGE_ACKNOWLEDGED.ceType())
                .put("dataschema", EventType.NUDGE_ACKNOWLEDGED.schemaUri());
        assertThat(Schemas.validate(Schemas.envelope(), sample)).isNotEmpty();
    }
}
