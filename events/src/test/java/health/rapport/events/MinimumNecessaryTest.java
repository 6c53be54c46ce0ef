package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Minimum necessary: events carry ids, kinds, times and a fingerprint of a message's text, never the text. No
 * schema property or record component may be able to carry message text.
 */
class MinimumNecessaryTest {

    /** Names that would carry message text. */
    static final List<String> TEXT_WORDS = List.of("body", "text", "content", "message", "payload", "html",
            "snippet", "preview", "note", "comment");

    /** Names containing such a word that are known not to carry text. */
    static final Set<String> ALLOWED = Set.of("messageId", "textFingerprint", "textLength", "lastReadMessageId",
            "answeredMessageIds", "patientMessages");

    static boolean couldCarryText(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !ALLOWED.contains(name) && TEXT_WORDS.stream().anyMatch(lower::contains);
    }

    @Test
    void theRuleCatchesTheObviousNames() {
        assertThat(List.of("body", "text", "content", "messageText", "plainText", "htmlBody", "contentString"))
                .allMatch(MinimumNecessaryTest::couldCarryText);
        assertThat(List.of("messageId", "textFingerprint", "textLength", "kind", "sentAt"))
                .noneMatch(MinimumNecessaryTest::couldCarryText);
    }

    @Test
    void messageSentRecordHasNoComponentThatCouldCarryText() {
        for (RecordComponent component : MessageSent.class.getRecordComponents()) {
            assertThat(couldCarryText(component.getName())).as(component.getName()).isFalse();
        }
    }

    @Test
    void messageSentSchemaHasNoPropertyThatCouldCarryText() {
        JsonNode schema = Schemas.resourceJson(EventType.MESSAGE_SENT.schemaResource());
        schema.path("properties").fieldNames()
                .forEachRemaining(name -> assertThat(couldCarryText(name)).as(name).isFalse());
        assertThat(schema.path("properties").has("textFingerprint")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void noEventPayloadHasAComponentThatCouldCarryText(EventType type) {
        for (RecordComponent component : type.payloadClass().getRecordComponents()) {
            assertThat(couldCarryText(component.getName())).as(type + "." + component.getName()).isFalse();
        }
    }

    /** additionalProperties is true for forward compatibility, so the schema refuses text members by name. */
    @ParameterizedTest
    @ValueSource(strings = {"body", "text", "content", "contentString", "messageText", "message", "payload", "html",
            "plainText", "snippet", "preview"})
    void messageSentSchemaRefusesATextMemberSmuggledIn(String name) {
        ObjectNode data = (ObjectNode) Schemas.resourceJson("samples/message-sent.json").get("data").deepCopy();
        assertThat(Schemas.validate(Schemas.of(EventType.MESSAGE_SENT), data)).isEmpty();
        data.put(name, "Your potassium came back a little high; please repeat the test on Monday.");
        assertThat(Schemas.messages(Schemas.validate(Schemas.of(EventType.MESSAGE_SENT), data)))
                .isNotEmpty().anySatisfy(m -> assertThat(m).contains(name));
    }

    @Test
    void encodedMessageSentCarriesOnlyTheFingerprintAndLength() throws Exception {
        JsonNode data = EventCodec.mapper()
                .readTree(EventCodec.toJson(SampleEvents.event(SampleEvents.providerResponse()))).get("data");
        data.fieldNames().forEachRemaining(name -> assertThat(couldCarryText(name)).as(name).isFalse());
        assertThat(data.path("textFingerprint").asText()).matches("[0-9a-f]{16}");
    }
}
