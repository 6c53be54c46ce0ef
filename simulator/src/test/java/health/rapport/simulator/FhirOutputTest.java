package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import health.rapport.events.EventType;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated Communication and Encounter fits the events module's FHIR R4 subset schemas (loaded from its
 * jar, format assertions on, as the events module's own tests do), and threads are identified as documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirOutputTest {

    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventType.SCHEMA_BASE_URI, "classpath:schemas/")));
    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    List<JsonNode> communications;
    List<JsonNode> encounters;
    Scenario scenario = Scenario.tiny().withSeed(3);

    static JsonSchema schema(String file) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(EventType.SCHEMA_BASE_URI + file), CONFIG);
        schema.initializeValidators();
        return schema;
    }

    @BeforeAll
    void generate(@TempDir Path folder) {
        TestRuns.toFolder(scenario, folder);
        communications = TestRuns.readNdjson(folder.resolve(NdjsonSink.COMMUNICATIONS));
        encounters = TestRuns.readNdjson(folder.resolve(NdjsonSink.ENCOUNTERS));
    }

    @Test
    void everyCommunicationFitsTheSchema() {
        JsonSchema schema = schema("fhir-communication.r4.schema.json");
        assertThat(communications).hasSizeGreaterThan(300);
        for (JsonNode resource : communications) {
            Set<ValidationMessage> errors = schema.validate(resource);
            assertThat(errors).as(resource.path("id").asText()).isEmpty();
        }
    }

    @Test
    void everyEncounterFitsTheSchema() {
        JsonSchema schema = schema("fhir-encounter.r4.schema.json");
        assertThat(encounters).isNotEmpty();
        for (JsonNode resource : encounters) {
            assertThat(schema.validate(resource)).as(resource.path("id").asText()).isEmpty();
        }
    }

    @Test
    void theSchemasRejectWhatIsNotTheirs() {
        assertThat(schema("fhir-encounter.r4.schema.json").validate(communications.get(0))).isNotEmpty();
        assertThat(schema("fhir-communication.r4.schema.json").validate(encounters.get(0))).isNotEmpty();
    }

    @Test
    void threadsArePartOfAThreadIdentifierAndRepliesPointBack() {
        Set<String> ids = new HashSet<>();
        Map<String, String> threadOfMessage = new HashMap<>();
        OffsetDateTime previous = null;
        for (JsonNode c : communications) {
            String id = c.path("id").asText();
            assertThat(ids.add(id)).as("unique id " + id).isTrue();
            assertThat(id).startsWith(scenario.idPrefix() + "-com-");
            JsonNode partOf = c.path("partOf");
            assertThat(partOf.size()).isEqualTo(1);
            String thread = partOf.get(0).path("identifier").path("value").asText();
            assertThat(partOf.get(0).path("identifier").path("system").asText()).isEqualTo(FhirJson.THREAD_SYSTEM);
            assertThat(partOf.get(0).path("reference").asText()).isEqualTo("Communication/" + thread);
            threadOfMessage.put(id, thread);
            for (JsonNode reference : c.path("inResponseTo")) {
                String answered = TestRuns.idOf(reference);
                assertThat(threadOfMessage).as("answers an earlier message of the thread").containsEntry(answered, thread);
            }
            OffsetDateTime sent = OffsetDateTime.parse(c.path("sent").asText());
            if (previous != null) {
                assertThat(sent.toInstant()).as("time order").isAfterOrEqualTo(previous.toInstant());
            }
            previous = sent;
            String sender = c.path("sender").path("reference").asText();
            String recipient = c.path("recipient").get(0).path("reference").asText();
            assertThat(c.path("subject").path("reference").asText()).isEqualTo(sender.startsWith("Patient/") ? sender : recipient);
            assertThat(sender.startsWith("Patient/")).isNotEqualTo(recipient.startsWith("Patient/"));
            assertThat(c.path("payload").get(0).path("contentString").asText()).isNotBlank().doesNotContain("{");
            assertThat(c.path("meta").path("tag").get(0).path("code").asText()).isEqualTo("HTEST");
        }
    }

    @Test
    void timesAreClinicLocalWithOffsetAndWholeSeconds() {
        for (JsonNode c : communications) {
            String sent = c.path("sent").asText();
            assertThat(sent).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}-0[45]:00");
            assertThat(OffsetDateTime.parse(sent).getOffset())
                    .isEqualTo(scenario.zone().getRules().getOffset(OffsetDateTime.parse(sent).toInstant()));
        }
    }

    @Test
    void formatsOffsetsAndUtc() {
        assertThat(FhirJson.format(0, 0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(FhirJson.format(1_741_100_399L, -5 * 3600)).isEqualTo("2025-03-04T09:59:59-05:00");
        assertThat(FhirJson.format(1_741_100_399L, 5 * 3600 + 1800)).isEqualTo("2025-03-04T20:29:59+05:30");
    }
}
