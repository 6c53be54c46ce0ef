package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema files and the Java records describe the same payloads. */
class SchemaContractTest {

    /** The members a producer may leave out (the records write them only when set: @JsonInclude NON_NULL). */
    static final Set<String> OPTIONAL = Set.of("responseLatencySeconds", "answeredMessageIds", "inResponseTo",
            "shareAnsweredWithinTarget", "personalReplyShare", "reasons", "revision", "retracted", "attachmentCount",
            "closeReason");

    @ParameterizedTest
    @ValueSource(strings = {"cloudevent-envelope.v1.schema.json", "fhir-communication.r4.schema.json",
            "fhir-encounter.r4.schema.json", "message-sent.v1.schema.json", "thread-read.v1.schema.json",
            "thread-closed.v1.schema.json", "thread-reopened.v1.schema.json", "engagement-tier-changed.v1.schema.json", "reply-overdue.v1.schema.json",
            "nudge-scheduled.v1.schema.json", "nudge-delivered.v1.schema.json", "nudge-failed.v1.schema.json",
            "nudge-acknowledged.v1.schema.json"})
    void schemaIsAValidDraft202012SchemaWithItsPublishedId(String file) {
        JsonNode schema = Schemas.resourceJson("schemas/" + file);
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(EventType.SCHEMA_BASE_URI + file);
        assertThat(Schemas.messages(Schemas.validate(Schemas.metaSchema(), schema))).isEmpty();
        assertThat(schema.path("additionalProperties").asBoolean(false)).isTrue();
        assertThat(schema.path("$comment").asText()).as("documents why additionalProperties is true")
                .contains("additionalProperties");
    }

    @Test
    void theSchemasFolderHoldsOneSchemaPerEventTypePlusTheEnvelopeAndTheFhirSubsets() {
        Set<String> expected = new TreeSet<>();
        for (EventType type : EventType.values()) {
            expected.add(type.schemaResource().substring("schemas/".length()));
        }
        expected.addAll(List.of(Schemas.ENVELOPE, Schemas.FHIR_COMMUNICATION, Schemas.FHIR_ENCOUNTER));
        assertThat(Schemas.filesIn("schemas")).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaResourceExistsAndItsIdIsTheSchemaUri(EventType type) {
        assertThat(Schemas.resourceExists(type.schemaResource())).as(type.schemaResource()).isTrue();
        assertThat(Schemas.resourceJson(type.schemaResource()).path("$id").asText()).isEqualTo(type.schemaUri());
        assertThat(type.schemaResource()).isEqualTo("schemas/" + type.schemaName() + ".v1.schema.json");
        assertThat(type.topic()).isIn(Topics.all());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaPropertiesAreExactlyTheRecordComponents(EventType type) {
        JsonNode schema = Schemas.resourceJson(type.schemaResource());
        assertThat(fieldNames(schema.path("properties")))
                .containsExactlyInAnyOrderElementsOf(componentNames(type.payloadClass()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void requiredMembersAreTheComponentsThatAreNotOptional(EventType type) {
        JsonNode schema = Schemas.resourceJson(type.schemaResource());
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(n -> required.add(n.asText()));

        List<String> expected = componentNames(type.payloadClass()).stream().filter(n -> !OPTIONAL.contains(n))
                .toList();
        assertThat(required).containsExactlyInAnyOrderElementsOf(expected);

        for (RecordComponent component : type.payloadClass().getRecordComponents()) {
            if (OPTIONAL.contains(component.getName())) {
                JsonInclude include = type.payloadClass().getAnnotation(JsonInclude.class);
                assertThat(include).as("%s may be absent only if the record omits nulls", component.getName())
                        .isNotNull();
                assertThat(include.value()).isEqualTo(JsonInclude.Include.NON_NULL);
                assertThat(component.getType().isPrimitive()).isFalse();
                assertThat(types(property(schema, component.getName()))).as("optional may be null").contains("null");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyPropertyHasTheJsonTypeOfItsComponent(EventType type) {
        JsonNode schema = Schemas.resourceJson(type.schemaResource());
        for (RecordComponent component : type.payloadClass().getRecordComponents()) {
            JsonNode property = property(schema, component.getName());
            Class<?> javaType = component.getType();
            String name = type.schemaName() + "." + component.getName();
            assertThat(property.path("description").asText()).as(name + " is described").isNotBlank();
            if (javaType == String.class) {
                assertThat(types(property)).as(name).contains("string");
            } else if (javaType == Instant.class) {
                assertThat(types(property)).as(name).contains("string");
                assertThat(property.path("format").asText()).as(name).isEqualTo("date-time");
            } else if (javaType.isEnum()) {
                List<String> constants = Arrays.stream(javaType.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                        .toList();
                assertThat(textValues(property.path("enum"))).as(name).containsExactlyElementsOf(constants);
            } else if (javaType == int.class || javaType == long.class || javaType == Integer.class
                    || javaType == Long.class) {
                assertThat(types(property)).as(name).contains("integer");
                if (javaType == int.class || javaType == Integer.class) {
                    assertThat(property.path("maximum").asLong(Long.MAX_VALUE)).as(name + " fits an int")
                            .isLessThanOrEqualTo(Integer.MAX_VALUE);
                }
            } else if (javaType == boolean.class || javaType == Boolean.class) {
                assertThat(types(property)).as(name).contains("boolean");
            } else if (javaType == double.class || javaType == Double.class) {
                assertThat(types(property)).as(name).contains("number");
            } else if (javaType == List.class) {
                assertThat(types(property)).as(name).contains("array");
                Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                assertThat(element).isEqualTo(String.class);
                assertThat(property.path("items").path("type").asText()).as(name).isEqualTo("string");
            } else {
                throw new AssertionError("no JSON type rule for " + javaType + " of " + name);
            }
        }
    }

    @Test
    void clinicianIdIsRequiredEverywhereBecauseItIsTheKey() {
        for (EventType type : EventType.values()) {
            JsonNode schema = Schemas.resourceJson(type.schemaResource());
            assertThat(textValues(schema.path("required"))).as(type.name()).contains("clinicianId");
        }
    }

    @Test
    void textFingerprintIsSixteenLowerCaseHexDigits() {
        JsonNode property = property(Schemas.resourceJson(EventType.MESSAGE_SENT.schemaResource()), "textFingerprint");
        assertThat(property.path("pattern").asText()).isEqualTo("^[0-9a-f]{16}$");
    }

    @Test
    void envelopeNamesEveryEventTypeAndBindsItToItsDataSchema() {
        JsonNode envelope = Schemas.resourceJson("schemas/" + Schemas.ENVELOPE);
        List<String> ceTypes = Arrays.stream(EventType.values()).map(EventType::ceType).toList();
        assertThat(textValues(envelope.path("properties").path("type").path("enum")))
                .containsExactlyInAnyOrderElementsOf(ceTypes);
        assertThat(envelope.path("properties").path("specversion").path("const").asText())
                .isEqualTo(CloudEvent.SPEC_VERSION);
        assertThat(textValues(envelope.path("required"))).containsExactlyInAnyOrder("specversion", "id", "source",
                "type", "time", "subject", "dataschema", "datacontenttype", "schemaversion", "data");

        List<String> bound = new ArrayList<>();
        for (JsonNode rule : envelope.path("allOf")) {
            String ceType = rule.path("if").path("properties").path("type").path("const").asText();
            EventType type = EventType.ofCeType(ceType).orElseThrow(() -> new AssertionError("unknown " + ceType));
            JsonNode then = rule.path("then").path("properties");
            assertThat(then.path("dataschema").path("const").asText()).isEqualTo(type.schemaUri());
            assertThat(EventType.SCHEMA_BASE_URI + then.path("data").path("$ref").asText())
                    .isEqualTo(type.schemaUri());
            bound.add(ceType);
        }
        assertThat(bound).containsExactlyInAnyOrderElementsOf(ceTypes);
    }

    // --- helpers ------------------------------------------------------------------------------------------

    static List<String> componentNames(Class<?> recordClass) {
        return Arrays.stream(recordClass.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> textValues(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** A property of the schema, with a local {@code $ref} (#/$defs/...) followed and merged in. */
    static JsonNode property(JsonNode schema, String name) {
        JsonNode property = schema.path("properties").path(name);
        assertThat(property.isObject()).as("property " + name).isTrue();
        if (property.has("$ref")) {
            String ref = property.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            JsonNode target = schema.at(ref.substring(1));
            assertThat(target.isMissingNode()).as(ref).isFalse();
            com.fasterxml.jackson.databind.node.ObjectNode merged = target.deepCopy();
            property.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("$ref")) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            return merged;
        }
        return property;
    }

    static Set<String> types(JsonNode property) {
        JsonNode type = property.path("type");
        if (type.isTextual()) {
            return Set.of(type.asText());
        }
        return StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    }
}
