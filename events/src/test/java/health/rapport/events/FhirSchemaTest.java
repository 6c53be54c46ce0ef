package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Realistic FHIR R4 resources, as an EHR sends them, fit the subset schemas; broken ones do not. */
class FhirSchemaTest {

    static JsonSchema schemaFor(String file) {
        return Schemas.byFileName(file.startsWith("communication") ? Schemas.FHIR_COMMUNICATION
                : Schemas.FHIR_ENCOUNTER);
    }

    static Stream<String> validResources() {
        return Schemas.filesIn("samples/fhir").stream();
    }

    @Test
    void thereAreSamplesOfBothResources() {
        assertThat(Schemas.filesIn("samples/fhir")).anyMatch(f -> f.startsWith("communication-"))
                .anyMatch(f -> f.startsWith("encounter-"))
                .allMatch(f -> f.startsWith("communication-") || f.startsWith("encounter-"));
    }

    @ParameterizedTest
    @MethodSource("validResources")
    void sampleResourceIsValid(String file) {
        JsonNode resource = Schemas.resourceJson("samples/fhir/" + file);
        assertThat(resource.path("resourceType").asText())
                .isEqualTo(file.startsWith("communication") ? "Communication" : "Encounter");
        assertThat(Schemas.messages(Schemas.validate(schemaFor(file), resource))).isEmpty();
    }

    @Test
    void theSchemasDoNotAcceptEachOthersResources() {
        JsonNode communication = Schemas.resourceJson("samples/fhir/communication-patient-message.json");
        JsonNode encounter = Schemas.resourceJson("samples/fhir/encounter-ambulatory-finished.json");
        assertThat(Schemas.validate(Schemas.byFileName(Schemas.FHIR_ENCOUNTER), communication)).isNotEmpty();
        assertThat(Schemas.validate(Schemas.byFileName(Schemas.FHIR_COMMUNICATION), encounter)).isNotEmpty();
    }

    @Test
    void theInvalidFolderHoldsExactlyTheCasesBelow() {
        assertThat(Schemas.filesIn("samples/fhir/invalid")).containsExactlyInAnyOrder(
                "communication-bad-status.json", "communication-sender-organization.json",
                "communication-missing-subject.json", "communication-payload-two-contents.json",
                "communication-sent-without-zone.json", "communication-wrong-resource-type.json",
                "communication-bad-priority.json", "communication-empty-recipient.json",
                "encounter-missing-class.json", "encounter-r5-status.json", "encounter-r5-class.json",
                "encounter-bad-period.json", "encounter-patient-as-participant.json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "communication-bad-status.json,            status",
            "communication-sender-organization.json,   sender",
            "communication-missing-subject.json,       subject",
            "communication-payload-two-contents.json,  payload",
            "communication-sent-without-zone.json,     sent",
            "communication-wrong-resource-type.json,   resourceType",
            "communication-bad-priority.json,          priority",
            "communication-empty-recipient.json,       recipient",
            "encounter-missing-class.json,             class",
            "encounter-r5-status.json,                 status",
            "encounter-r5-class.json,                  class",
            "encounter-bad-period.json,                period",
            "encounter-patient-as-participant.json,    individual"
    })
    void brokenResourceFailsValidation(String file, String offendingElement) {
        JsonNode resource = Schemas.resourceJson("samples/fhir/invalid/" + file);
        List<String> errors = Schemas.messages(Schemas.validate(schemaFor(file), resource));
        assertThat(errors).isNotEmpty().anySatisfy(m -> assertThat(m).contains(offendingElement));
    }

    @Test
    void statusValueSetsAreFhirR4s() {
        JsonNode communication = Schemas.resourceJson("schemas/" + Schemas.FHIR_COMMUNICATION);
        assertThat(SchemaContractTest.textValues(communication.at("/properties/status/enum"))).containsExactly(
                "preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error",
                "unknown");
        assertThat(SchemaContractTest.textValues(communication.at("/properties/priority/enum")))
                .containsExactly("routine", "urgent", "asap", "stat");
        JsonNode encounter = Schemas.resourceJson("schemas/" + Schemas.FHIR_ENCOUNTER);
        assertThat(SchemaContractTest.textValues(encounter.at("/properties/status/enum"))).containsExactly(
                "planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled",
                "entered-in-error", "unknown");
    }
}
