package health.rapport.message.ehr.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.rapport.events.ParticipantRole;
import health.rapport.message.ehr.service.EhrCommunication.Status;
import health.rapport.message.thread.service.AttachmentRef;
import health.rapport.simulator.FhirJson;
import health.rapport.simulator.Population;
import health.rapport.simulator.Scenario;
import health.rapport.simulator.SimEncounter;
import health.rapport.simulator.SimEvent;
import health.rapport.simulator.SimMessage;
import health.rapport.simulator.Simulator;
import health.rapport.simulator.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** FHIR R4 inbound: the samples, the simulator's resources, and one test per rejection rule. */
class FhirInboundTest {

    static final FhirInbound INBOUND = new FhirInbound();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Words of the body of {@link #message()}: no reason may contain them. */
    static final String SECRET = "zebra lisinopril quartz";

    // ------------------------------------------------------------------------------------------------ helpers

    static String resource(String name) {
        try (InputStream in = FhirInboundTest.class.getResourceAsStream("/fhir/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid patient-to-practitioner message whose body is {@link #SECRET}. */
    static ObjectNode message() {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(resource("communication-patient-message.json"));
            ((ObjectNode) node.withArray("payload").get(0)).put("contentString", "  " + SECRET + "  ");
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode message(Consumer<ObjectNode> change) {
        ObjectNode node = message();
        change.accept(node);
        return node;
    }

    static ObjectNode encounterSample(Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(resource("encounter-ambulatory-finished.json"));
            change.accept(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode ref(String reference) {
        return JSON.createObjectNode().put("reference", reference);
    }

    static ArrayNode payload(ObjectNode node) {
        return node.withArray("payload");
    }

    static ObjectNode attachment(String contentType, long size, String url) {
        ObjectNode a = JSON.createObjectNode();
        if (contentType != null) {
            a.put("contentType", contentType);
        }
        a.put("size", size);
        if (url != null) {
            a.put("url", url);
        }
        return JSON.createObjectNode().set("contentAttachment", a);
    }

    static EhrCommunication communication(JsonNode node) {
        return INBOUND.communication(node.toString());
    }

    /** Asserts the rejection, that its reason starts with the path, and that it does not quote the body. */
    static AbstractThrowableAssert<?, ? extends Throwable> rejects(String json, String pathPrefix) {
        return assertThatThrownBy(() -> INBOUND.communication(json))
                .isInstanceOf(InvalidEhrRecord.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(pathPrefix).doesNotContain("zebra")
                        .doesNotContain("lisinopril").doesNotContain("quartz"));
    }

    static AbstractThrowableAssert<?, ? extends Throwable> rejects(JsonNode node, String pathPrefix) {
        return rejects(node.toString(), pathPrefix);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> rejectsEncounter(String json, String pathPrefix) {
        return assertThatThrownBy(() -> INBOUND.encounter(json))
                .isInstanceOf(InvalidEhrRecord.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(pathPrefix));
    }

    // ---------------------------------------------------------------------------------------------- happy paths

    @Test
    void patientMessageSampleMapsEveryField() {
        EhrCommunication c = INBOUND.communication(resource("communication-patient-message.json"));
        assertThat(c.resourceKey()).isEqualTo("Communication/com-71f3a2");
        assertThat(c.versionId()).isEqualTo("1");
        assertThat(c.identifierKey()).isEqualTo("urn:oid:1.2.840.114350.1.13.861.1.7.2.798268|4409172");
        assertThat(c.status()).isEqualTo(Status.COMPLETED);
        assertThat(c.threadKey()).isEqualTo("Communication/thread-5521");
        assertThat(c.threadSubject()).isEqualTo("Medication refill");
        assertThat(c.inResponseTo()).isEmpty();
        assertThat(c.patientId()).isEqualTo("pat-10293");
        assertThat(c.clinicianId()).isEqualTo("pract-4821");
        assertThat(c.senderRole()).isEqualTo(ParticipantRole.PATIENT);
        assertThat(c.sent()).isEqualTo(Instant.parse("2025-03-04T14:59:59Z"));
        assertThat(c.body()).isEqualTo("Hi Dr. Alvarez, I am almost out of my lisinopril. Can you send a refill to"
                + " the pharmacy on Main St?");
        assertThat(c.category()).isEqualTo("other");
        assertThat(c.priority()).isEqualTo("routine");
        assertThat(c.attachments()).isEmpty();
        assertThat(c.toString()).doesNotContain("lisinopril");
    }

    @Test
    void practitionerReplySampleWithAbsoluteAndVersionedReferencesAndAnAttachment() {
        EhrCommunication c = INBOUND.communication(resource("communication-practitioner-reply.json"));
        assertThat(c.resourceKey()).isEqualTo("Communication/com-71f3c9");
        assertThat(c.versionId()).isEqualTo("2");
        assertThat(c.identifierKey()).isEqualTo("urn:oid:1.2.840.114350.1.13.861.1.7.2.798268|4409233");
        assertThat(c.threadKey()).isEqualTo("Communication/thread-5521");
        assertThat(c.threadSubject()).isNull();
        assertThat(c.inResponseTo()).containsExactly("com-71f3a2");
        assertThat(c.patientId()).isEqualTo("pat-10293");
        assertThat(c.clinicianId()).isEqualTo("pract-4821");
        assertThat(c.senderRole()).isEqualTo(ParticipantRole.CLINICIAN);
        assertThat(c.sent()).isEqualTo(Instant.parse("2025-03-04T15:42:10.512Z"));
        assertThat(c.body()).startsWith("Hi Jordan, I sent the refill");
        assertThat(c.category()).isEqualTo("other");
        assertThat(c.attachments()).containsExactly(
                new AttachmentRef("application/pdf", 0, null, "Binary/bin-33710", "Binary/bin-33710"));
    }

    @Test
    void rapportCategoryPriorityThreadIdentifierAndAttachmentsMap() {
        String sha = "AB".repeat(32);
        EhrCommunication c = communication(message(m -> {
            m.set("category", JSON.createArrayNode().add(JSON.createObjectNode().set("coding", JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("system", FhirInbound.COMMUNICATION_CATEGORY_SYSTEM)
                            .put("code", "alert"))
                    .add(JSON.createObjectNode().put("system", FhirInbound.THREAD_CATEGORY_SYSTEM)
                            .put("code", "prescription")))));
            m.put("priority", "urgent");
            ((ObjectNode) m.withArray("partOf").get(0)).set("identifier",
                    JSON.createObjectNode().put("system", FhirJson.THREAD_SYSTEM).put("value", "t-9"));
            m.set("inResponseTo", JSON.createArrayNode().add(ref("Communication/c-1")).add(ref("Communication/c-2")));
            m.withObject("topic").put("text", "  " + "s".repeat(250) + " ");
            ObjectNode withDigest = attachment("image/png", 2048, "https://docs.example.org/x.png");
            ((ObjectNode) withDigest.get("contentAttachment")).set("extension", JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("url", FhirInbound.SHA256_EXTENSION).put("valueString", sha)));
            payload(m).add(withDigest);
            payload(m).add(JSON.createObjectNode().set("contentReference", ref("DocumentReference/d-1")));
            payload(m).add(attachment("application/pdf", AttachmentRef.MAX_SIZE, "Binary/b-7"));
        }));
        assertThat(c.category()).isEqualTo("prescription");
        assertThat(c.priority()).isEqualTo("urgent");
        assertThat(c.threadKey()).isEqualTo(FhirJson.THREAD_SYSTEM + "|t-9");
        assertThat(c.inResponseTo()).containsExactly("c-1", "c-2");
        assertThat(c.threadSubject()).hasSize(200).isEqualTo("s".repeat(200));
        assertThat(c.body()).isEqualTo(SECRET);
        assertThat(c.attachments()).containsExactly(
                new AttachmentRef("image/png", 2048, sha.toLowerCase(), "https://docs.example.org/x.png", null),
                new AttachmentRef(null, 0, null, null, "DocumentReference/d-1"),
                new AttachmentRef("application/pdf", AttachmentRef.MAX_SIZE, null, "Binary/b-7", "Binary/b-7"));
    }

    @Test
    void fhirCommunicationCategoriesAndNoCategoryAreOther() {
        for (String code : List.of("alert", "notification", "reminder", "instruction")) {
            assertThat(communication(message(m -> ((ObjectNode) m.withArray("category").get(0).withArray("coding")
                    .get(0)).put("code", code))).category()).isEqualTo("other");
        }
        assertThat(communication(message(m -> m.remove("category"))).category()).isEqualTo("other");
        assertThat(communication(message(m -> m.remove("priority"))).priority()).isEqualTo("routine");
    }

    @Test
    void unknownElementsAndExtensionsAreTolerated() {
        EhrCommunication c = communication(message(m -> {
            m.put("vendorFlag", true);
            m.set("extension", JSON.createArrayNode().add(JSON.createObjectNode()
                    .put("url", "http://ehr.example.org/fhir/StructureDefinition/pool").put("valueString", "x")));
            m.set("modifierExtension", JSON.createArrayNode().add(JSON.createObjectNode()
                    .put("url", "http://ehr.example.org/fhir/StructureDefinition/m").put("valueBoolean", false)));
            m.set("_status", JSON.createObjectNode().set("extension", JSON.createArrayNode().add(JSON
                    .createObjectNode().put("url", "http://ehr.example.org/s").put("valueCode", "q"))));
            m.withObject("subject").put("vendorNote", "n").set("extension", JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("url", "http://ehr.example.org/r").put("valueInteger", 3)));
            ((ObjectNode) payload(m).get(0)).set("extension", JSON.createArrayNode().add(JSON.createObjectNode()
                    .put("url", "http://ehr.example.org/p").set("valueCoding", JSON.createObjectNode().put("code", "c"))));
        }));
        assertThat(c.patientId()).isEqualTo("pat-10293");
        assertThat(c.body()).isEqualTo(SECRET);
    }

    @Test
    void aRetractionNeedsOnlyItsId() {
        EhrCommunication c = INBOUND.communication(
                "{\"resourceType\":\"Communication\",\"id\":\"com-1\",\"status\":\"entered-in-error\"}");
        assertThat(c).isEqualTo(new EhrCommunication("Communication/com-1", null, null, Status.ENTERED_IN_ERROR,
                null, null, List.of(), null, null, null, null, null, "other", "routine", List.of()));

        EhrCommunication partial = communication(message(m -> {
            m.put("status", "entered-in-error");
            m.set("sender", ref("Organization/o-1"));
            m.remove("sent");
        }));
        assertThat(partial.status()).isEqualTo(Status.ENTERED_IN_ERROR);
        assertThat(partial.patientId()).isEqualTo("pat-10293");
        assertThat(partial.senderRole()).isNull();
        assertThat(partial.sent()).isNull();
        assertThat(partial.body()).isEqualTo(SECRET);
        assertThat(partial.threadKey()).isEqualTo("Communication/thread-5521");
    }

    @Test
    void encounterSamplesMap() {
        EhrEncounter e = INBOUND.encounter(resource("encounter-ambulatory-finished.json"));
        assertThat(e).isEqualTo(new EhrEncounter("Encounter/enc-880412", "pat-10293", List.of("pract-4821"),
                Instant.parse("2025-02-27T20:30:00Z")));
        EhrEncounter virtual = INBOUND.encounter(resource("encounter-virtual-in-progress.json"));
        assertThat(virtual).isEqualTo(new EhrEncounter("Encounter/enc-880977", "pat-20417", List.of("pract-0077"),
                Instant.parse("2025-03-05T08:15:00Z")));
        // Rapport does not read class, so R4's required class is not enforced.
        assertThat(INBOUND.encounter(resource("invalid/encounter-missing-class.json")).patientId())
                .isEqualTo("pat-10293");
        assertThat(INBOUND.encounter(encounterSample(n -> n.remove("period")).toString()).start()).isNull();
    }

    // ---------------------------------------------------------------------------------------------- simulator

    /** Renders the simulator's resources and hands each, with its truth, to the check. */
    static int simulate(Scenario scenario, Check check) {
        int[] count = {0};
        try (Sink sink = new Sink() {
            FhirJson fhir;

            @Override
            public void open(Population population) {
                fhir = new FhirJson(population);
            }

            @Override
            public void accept(SimEvent event) {
                count[0]++;
                check.accept(event, fhir.render(event));
            }
        }) {
            Simulator.run(scenario, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count[0];
    }

    interface Check {
        void accept(SimEvent event, String json);
    }

    @Test
    void theSimulatorsResourcesParseToTheirTruth() {
        int[] messages = {0};
        int[] encounters = {0};
        simulate(Scenario.tiny().withSeed(3), (event, json) -> {
            if (event instanceof SimMessage m) {
                messages[0]++;
                EhrCommunication c = INBOUND.communication(json);
                assertThat(c.resourceKey()).isEqualTo("Communication/" + m.id());
                assertThat(c.status()).isEqualTo(Status.COMPLETED);
                assertThat(c.threadKey()).isEqualTo(FhirJson.THREAD_SYSTEM + "|" + m.threadId());
                assertThat(c.threadSubject()).isEqualTo(m.subject().strip());
                assertThat(c.inResponseTo()).isEqualTo(m.inResponseTo());
                assertThat(c.patientId()).isEqualTo(m.patientId());
                assertThat(c.clinicianId()).isEqualTo(m.clinicianId());
                assertThat(c.senderRole()).isEqualTo(m.sender());
                assertThat(c.sent()).isEqualTo(m.sent());
                assertThat(c.body()).isEqualTo(m.text().strip());
                assertThat(c.category()).isEqualTo(m.category());
                assertThat(c.priority()).isEqualTo(m.priority());
                assertThat(c.attachments()).isEmpty();
                assertThat(c.versionId()).isNull();
                assertThat(c.identifierKey()).isNull();
            } else {
                SimEncounter s = (SimEncounter) event;
                encounters[0]++;
                assertThat(INBOUND.encounter(json)).isEqualTo(new EhrEncounter("Encounter/" + s.id(), s.patientId(),
                        List.of(s.clinicianId()), s.start()));
            }
        });
        assertThat(messages[0]).isGreaterThan(300);
        assertThat(encounters[0]).isPositive();
    }

    @Test
    void parsesTenThousandSimulatorCommunications() {
        int[] parsed = {0};
        for (long seed = 1; parsed[0] < 10_000; seed++) {
            simulate(Scenario.tiny().withSeed(seed), (event, json) -> {
                if (event instanceof SimMessage && parsed[0] < 10_000) {
                    assertThat(INBOUND.communication(json).status()).isEqualTo(Status.COMPLETED);
                    parsed[0]++;
                }
            });
        }
        assertThat(parsed[0]).isEqualTo(10_000);
    }

    // ------------------------------------------------------------------------------- rejections: the document

    @Test
    void rejectsWhatIsNotJson() {
        rejects("Hi Dr. zebra lisinopril quartz", "Communication: not valid JSON");
        rejects("{\"resourceType\":\"Communication\",", "Communication: not valid JSON");
        rejects("{} trailing", "Communication: not valid JSON");
        rejects("", "Communication: ");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        rejects("[{\"resourceType\":\"Communication\"}]", "Communication: expected a JSON object");
        rejects("\"zebra lisinopril quartz\"", "Communication: expected a JSON object");
    }

    @Test
    void rejectsAnotherResourceType() {
        rejects(resource("invalid/communication-wrong-resource-type.json"), "resourceType: ")
                .hasMessage("resourceType: expected Communication, was CommunicationRequest");
        rejects(resource("encounter-virtual-in-progress.json"), "resourceType: ")
                .hasMessage("resourceType: expected Communication, was Encounter");
        rejectsEncounter(resource("communication-patient-message.json"), "resourceType: ")
                .hasMessage("resourceType: expected Encounter, was Communication");
        rejects(message(m -> m.remove("resourceType")), "resourceType: is required");
        rejects(message(m -> m.put("resourceType", SECRET)), "resourceType: expected Communication, was (");
    }

    @Test
    void rejectsWrongJsonTypes() {
        rejects(message(m -> m.put("subject", "Patient/pat-10293")), "subject: must be an object");
        rejects(message(m -> m.set("recipient", ref("Practitioner/pract-4821"))), "recipient: must be an array");
        rejects(message(m -> ((ObjectNode) payload(m).get(0)).put("contentString", 42)),
                "payload[0].contentString: must be a JSON string");
        rejects(message(m -> m.put("status", true)), "status: must be a JSON string");
        rejects(message(m -> payload(m).add(attachment("a/b", 1, null))
                .get(1).withObject("contentAttachment").put("size", "12")),
                "payload[1].contentAttachment.size: must be a JSON number");
    }

    @Test
    void rejectsRepeatedNonRepeatingElements() {
        rejects(message(m -> m.set("subject", JSON.createArrayNode().add(ref("Patient/pat-10293")))),
                "subject: must not repeat");
        rejects("{\"resourceType\":\"Communication\",\"id\":\"a\",\"status\":\"completed\",\"status\":\"completed\"}",
                "status: must not repeat");
        rejects(resource("invalid/communication-payload-two-contents.json"), "payload[0].content[x]: must not repeat");
        rejectsEncounter(resource("invalid/encounter-r5-class.json"), "class: must not repeat");
    }

    @Test
    void rejectsInvalidValues() {
        rejects(resource("invalid/communication-bad-status.json"), "status: invalid code sent");
        rejects(resource("invalid/communication-bad-priority.json"), "priority: invalid code high");
        rejects(message(m -> m.put("sent", "04/03/2025 " + SECRET)), "sent: invalid dateTime");
        rejects(message(m -> m.withObject("text").put("div", "<div>" + SECRET)), "text.div: not valid XHTML");
        rejectsEncounter(resource("invalid/encounter-r5-status.json"), "status: invalid code completed");
        rejectsEncounter(resource("invalid/encounter-bad-period.json"), "period.start: invalid dateTime");
    }

    // ------------------------------------------------------------------------------- rejections: the rules

    @Test
    void rejectsAMissingId() {
        rejects(message(m -> m.remove("id")), "id: is required");
        rejectsEncounter(encounterSample(n -> n.remove("id")).toString(), "id: is required");
    }

    @Test
    void rejectsAnIdOutsideFhirSyntax() {
        rejects(message(m -> m.put("id", "com 71f3a2")), "id: must be 1 to 64");
        rejects(message(m -> m.put("id", "c".repeat(65))), "id: must be 1 to 64");
        rejects(message(m -> m.put("id", "Communication/abc")), "id: must be 1 to 64");
    }

    @Test
    void rejectsOtherStatuses() {
        rejects(message(m -> m.put("status", "in-progress")), "status: ")
                .hasMessage("status: only completed and entered-in-error are accepted, was in-progress");
        rejects(message(m -> m.remove("status")), "status: is required");
    }

    @Test
    void rejectsASubjectThatIsNotAPatient() {
        rejects(resource("invalid/communication-missing-subject.json"), "subject: is required");
        rejects(message(m -> m.set("subject", ref("Group/g-1"))), "subject: must reference a Patient");
        rejects(message(m -> m.set("subject", JSON.createObjectNode().put("display", "J"))),
                "subject.reference: is required");
    }

    @Test
    void rejectsASenderThatIsNeitherPatientNorPractitioner() {
        rejects(resource("invalid/communication-sender-organization.json"), "sender: ")
                .hasMessage("sender: must reference a Patient or Practitioner");
        rejects(message(m -> m.set("sender", ref("PractitionerRole/r-1"))), "sender: must reference a Patient or");
        rejects(message(m -> m.remove("sender")), "sender: is required");
    }

    @Test
    void rejectsRecipientsWithoutExactlyOneOfTheOtherKind() {
        rejects(resource("invalid/communication-empty-recipient.json"), "recipient: must contain exactly one");
        rejects(message(m -> m.withArray("recipient").add(ref("Practitioner/pract-9"))),
                "recipient: must contain exactly one Practitioner reference, has 2");
        rejects(message(m -> m.set("recipient", JSON.createArrayNode().add(ref("Patient/pat-10293")))),
                "recipient: must contain exactly one Practitioner");
    }

    @Test
    void rejectsAPatientPartyOtherThanTheSubject() {
        rejects(message(m -> m.set("sender", ref("Patient/pat-other"))), "sender: the sending Patient must be the subject");
        rejects(message(m -> {
            m.set("sender", ref("Practitioner/pract-4821"));
            m.set("recipient", JSON.createArrayNode().add(ref("Patient/pat-other")));
        }), "recipient[0]: the receiving Patient must be the subject");
    }

    @Test
    void rejectsASentWithoutTimeAndOffset() {
        rejects(message(m -> m.remove("sent")), "sent: is required");
        rejects(message(m -> m.put("sent", "2025-03-04")), "sent: needs a time with an offset");
        rejects(resource("invalid/communication-sent-without-zone.json"), "sent: needs a time with an offset");
        assertThat(communication(message(m -> m.put("sent", "2025-03-04T14:59:59.250Z"))).sent())
                .isEqualTo(Instant.parse("2025-03-04T14:59:59.250Z"));
    }

    @Test
    void rejectsAPayloadWithoutExactlyOneContentString() {
        rejects(message(m -> m.set("payload", JSON.createArrayNode().add(attachment("a/b", 1, null)))), "payload: ")
                .hasMessageStartingWith("payload: a completed Communication needs exactly one contentString");
        rejects(message(m -> payload(m).add(JSON.createObjectNode().put("contentString", "again"))),
                "payload: a completed Communication needs exactly one contentString");
        rejects(message(m -> m.remove("payload")), "payload: a completed Communication needs exactly one");
    }

    @Test
    void rejectsABodyOutOfBounds() {
        rejects(message(m -> ((ObjectNode) payload(m).get(0)).put("contentString", " \n\t ")),
                "payload[0].contentString: must not be blank");
        rejects(message(m -> ((ObjectNode) payload(m).get(0)).put("contentString", "zebra ".repeat(2000))),
                "payload[0].contentString: must have at most 10000 characters");
        assertThat(communication(message(m -> ((ObjectNode) payload(m).get(0))
                .put("contentString", " " + "x".repeat(10_000) + "\n"))).body()).hasSize(10_000);
    }

    @Test
    void rejectsControlCharactersInTheBody() {
        rejects(message(m -> ((ObjectNode) payload(m).get(0)).put("contentString", SECRET + "\u0007")),
                "payload[0].contentString: must not contain control characters");
        assertThat(communication(message(m -> ((ObjectNode) payload(m).get(0))
                .put("contentString", "line one\r\n\tline two"))).body()).isEqualTo("line one\r\n\tline two");
    }

    @Test
    void rejectsMoreThanFiveAttachments() {
        rejects(message(m -> {
            for (int i = 0; i < 6; i++) {
                payload(m).add(attachment("image/png", 10, "Binary/b-" + i));
            }
        }), "payload: at most 5 attachments");
    }

    @Test
    void rejectsAnAttachmentWithoutContentType() {
        rejects(message(m -> payload(m).add(attachment(null, 10, "Binary/b-1"))),
                "payload[1].contentAttachment.contentType: is required");
    }

    @Test
    void rejectsAnAttachmentOverFiftyMegabytes() {
        rejects(message(m -> payload(m).add(attachment("video/mp4", AttachmentRef.MAX_SIZE + 1, "Binary/b-1"))),
                "payload[1].contentAttachment.size: must be at most");
    }

    @Test
    void rejectsAMalformedSha256Extension() {
        rejects(message(m -> {
            ObjectNode a = attachment("image/png", 10, "Binary/b-1");
            ((ObjectNode) a.get("contentAttachment")).set("extension", JSON.createArrayNode().add(JSON
                    .createObjectNode().put("url", FhirInbound.SHA256_EXTENSION).put("valueString", "abc")));
            payload(m).add(a);
        }), "payload[1].contentAttachment.extension: attachment-sha256 needs");
    }

    @Test
    void rejectsAnUnknownRapportCategory() {
        rejects(message(m -> m.set("category", JSON.createArrayNode().add(JSON.createObjectNode().set("coding",
                JSON.createArrayNode().add(JSON.createObjectNode().put("system", FhirInbound.THREAD_CATEGORY_SYSTEM)
                        .put("code", "gossip")))))), "category[0].coding[0]: unknown code gossip");
    }

    @Test
    void rejectsAnInResponseToThatIsNotACommunication() {
        rejects(message(m -> m.set("inResponseTo", JSON.createArrayNode().add(ref("Communication/c-1"))
                .add(ref("Encounter/e-1")))), "inResponseTo[1]: must reference a Communication");
    }

    @Test
    void rejectsAnEncounterWithoutPatientSubject() {
        rejectsEncounter(encounterSample(n -> n.remove("subject")).toString(), "subject: is required");
        rejectsEncounter(encounterSample(n -> n.set("subject", ref("Group/g"))).toString(),
                "subject: must reference a Patient");
    }

    @Test
    void rejectsAnEncounterWithoutPractitioner() {
        rejectsEncounter(resource("invalid/encounter-patient-as-participant.json"),
                "participant: needs at least one individual referencing a Practitioner");
        rejectsEncounter(encounterSample(n -> n.remove("participant")).toString(), "participant: ");
    }

    @Test
    void rejectsAnEncounterStartWithoutTime() {
        rejectsEncounter(encounterSample(n -> n.withObject("period").put("start", "2025-02-27")).toString(),
                "period.start: needs a time with an offset");
    }

    // -------------------------------------------------------------------------------------------- no leaks

    /**
     * Text in the wrong place is never quoted back; only a single code-like token (letters, digits, '-', '.', up
     * to 40) is shown, as in {@code "status: invalid code sent"}.
     */
    @Test
    void reasonsNeverContainTheBody() {
        List<ObjectNode> bad = new ArrayList<>();
        bad.add(message(m -> m.put("status", SECRET)));
        bad.add(message(m -> m.put("priority", SECRET)));
        bad.add(message(m -> m.put("sent", SECRET)));
        bad.add(message(m -> m.put("id", SECRET)));
        bad.add(message(m -> m.put("resourceType", SECRET)));
        bad.add(message(m -> m.set("sender", ref(SECRET))));
        bad.add(message(m -> m.withObject("text").put("div", "<div>" + SECRET + "<b>")));
        bad.add(message(m -> m.set("category", JSON.createArrayNode().add(JSON.createObjectNode().set("coding",
                JSON.createArrayNode().add(JSON.createObjectNode().put("system", FhirInbound.THREAD_CATEGORY_SYSTEM)
                        .put("code", SECRET)))))));
        bad.add(message(m -> ((ObjectNode) payload(m).get(0)).put("contentString", SECRET + "\u0000")));
        bad.add(message(m -> ((ObjectNode) payload(m).get(0)).put("contentString", SECRET.repeat(500))));
        bad.add(message(m -> m.set("extension", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("url", "http://x/" + SECRET.replace(' ', '-')).put("valueString", SECRET)
                .set("extension", JSON.createArrayNode().add(JSON.createObjectNode().put("url", "y")
                        .put("valueString", SECRET)))))));
        bad.add(message(m -> m.put(SECRET, SECRET)).put("status", "in-progress"));
        for (ObjectNode node : bad) {
            rejects(node, "");
        }
        rejects("{\"resourceType\":\"Communication\",\"" + SECRET + "\":1,\"" + SECRET + "\":2}", "");
        rejects("zebra lisinopril quartz", "");
    }
}
