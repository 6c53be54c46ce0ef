package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** asyncapi/asyncapi.yaml names exactly Rapport's topics, and its references and contract hold. */
class AsyncApiDocumentTest {

    static final String DOCUMENT = "asyncapi/asyncapi.yaml";
    static JsonNode doc;

    @BeforeAll
    static void parse() throws Exception {
        doc = new YAMLMapper().readTree(Schemas.resourceText(DOCUMENT));
    }

    @Test
    void isAnAsyncApi300Document() {
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("info").path("version").asText()).isNotBlank();
    }

    @Test
    void channelAddressesAreExactlyTheTopics() {
        List<String> addresses = new ArrayList<>();
        doc.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(Topics.all());
        doc.path("channels").forEach(channel -> {
            assertThat(channel.path("bindings").path("kafka").path("topic").asText())
                    .isEqualTo(channel.path("address").asText());
            assertThat(channel.path("description").asText()).as(channel.path("address").asText() + " described")
                    .contains("Key");
        });
    }

    @Test
    void everyReferenceResolves() {
        List<String[]> refs = new ArrayList<>();
        collectRefs(doc, "", refs);
        assertThat(refs).isNotEmpty();
        int external = 0;
        for (String[] ref : refs) {
            String where = ref[0];
            String target = ref[1];
            if (target.startsWith("#")) {
                assertThat(doc.at(target.substring(1)).isMissingNode()).as(where + " -> " + target).isFalse();
            } else {
                external++;
                String[] parts = target.split("#", 2);
                String resource = URI.create(DOCUMENT).resolve(parts[0]).toString();
                assertThat(parts[0]).as(where).startsWith("../schemas/").endsWith(".schema.json");
                assertThat(Schemas.resourceExists(resource)).as(where + " -> " + resource).isTrue();
                if (parts.length == 2 && !parts[1].isEmpty()) {
                    assertThat(Schemas.resourceJson(resource).at(parts[1]).isMissingNode()).as(target).isFalse();
                }
            }
        }
        assertThat(external).as("the messages point at the schema files").isGreaterThanOrEqualTo(
                EventType.values().length + 2);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeIsAMessageOnTheChannelOfItsTopic(EventType type) {
        JsonNode channel = channelWithAddress(type.topic());
        List<JsonNode> matches = new ArrayList<>();
        channel.path("messages").forEach(m -> {
            JsonNode message = deref(m);
            if (message.path("name").asText().equals(type.ceType())) {
                matches.add(message);
            }
        });
        assertThat(matches).as(type.ceType() + " on " + type.topic()).hasSize(1);
        JsonNode message = matches.get(0);

        List<String[]> refs = new ArrayList<>();
        collectRefs(message, "", refs);
        Set<String> targets = refs.stream().map(r -> r[1]).collect(Collectors.toSet());
        assertThat(targets).contains("../" + type.schemaResource(), "../schemas/" + Schemas.ENVELOPE);

        JsonNode payload = message.path("payload");
        assertThat(payload.path("schemaFormat").asText()).isEqualTo("application/schema+json;version=2020-12");
        JsonNode pinned = payload.path("schema").path("allOf").get(1).path("properties");
        assertThat(pinned.path("type").path("const").asText()).isEqualTo(type.ceType());
        assertThat(pinned.path("dataschema").path("const").asText()).isEqualTo(type.schemaUri());

        JsonNode trait = deref(message.path("traits").get(0));
        assertThat(trait.path("contentType").asText()).isEqualTo(CloudEvent.CONTENT_TYPE);
        assertThat(deref(trait.path("headers")).path("required").toString()).contains("content-type");
        assertThat(deref(trait.path("bindings").path("kafka").path("key")).path("description").asText())
                .contains("clinician");
    }

    @Test
    void rapportChannelsCarryOnlyTheirEventTypes() {
        for (String topic : List.of(Topics.MESSAGE_EVENTS, Topics.ENGAGEMENT_EVENTS, Topics.NUDGE_EVENTS)) {
            Set<String> names = new TreeSet<>();
            channelWithAddress(topic).path("messages").forEach(m -> names.add(deref(m).path("name").asText()));
            Set<String> expected = Arrays.stream(EventType.values()).filter(t -> t.topic().equals(topic))
                    .map(EventType::ceType).collect(Collectors.toCollection(TreeSet::new));
            assertThat(names).as(topic).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theSampleOfEveryTypeValidatesAgainstItsMessagePayloadAndNoOther(EventType type) {
        JsonNode sample = Schemas.resourceJson("samples/" + type.schemaName() + ".json");
        for (EventType other : EventType.values()) {
            JsonNode message = messageNamed(other.topic(), other.ceType());
            JsonNode schema = absolutise(message.path("payload").path("schema").deepCopy());
            List<String> errors = Schemas.messages(Schemas.validate(Schemas.fromTree(schema), sample));
            if (other == type) {
                assertThat(errors).as(type.ceType()).isEmpty();
            } else {
                assertThat(errors).as(type.ceType() + " must not pass as " + other.ceType()).isNotEmpty();
            }
        }
    }

    @Test
    void fhirTopicsReferenceTheFhirSubsetSchemas() {
        assertThat(refsOfChannel(Topics.EHR_COMMUNICATIONS)).contains("../schemas/" + Schemas.FHIR_COMMUNICATION);
        assertThat(refsOfChannel(Topics.EHR_ENCOUNTERS)).contains("../schemas/" + Schemas.FHIR_ENCOUNTER);
    }

    @Test
    void operationsReferToMessagesOfTheirOwnChannel() {
        doc.path("operations").fields().forEachRemaining(e -> {
            JsonNode operation = e.getValue();
            assertThat(operation.path("action").asText()).as(e.getKey()).isIn("send", "receive");
            String channelRef = operation.path("channel").path("$ref").asText();
            assertThat(channelRef).as(e.getKey()).startsWith("#/channels/");
            assertThat(operation.path("messages").size()).as(e.getKey()).isPositive();
            operation.path("messages").forEach(m -> assertThat(m.path("$ref").asText()).as(e.getKey())
                    .startsWith(channelRef + "/messages/"));
            assertThat(operation.path("tags").size()).as(e.getKey() + " names its service").isEqualTo(1);
        });
    }

    @Test
    void producersAndConsumersAreTheAgreedOnes() {
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put(Topics.EHR_COMMUNICATIONS, Set.of("ehr-system sends", "message-service receives"));
        expected.put(Topics.EHR_ENCOUNTERS, Set.of("ehr-system sends", "message-service receives", "engagement-service receives"));
        expected.put(Topics.MESSAGE_EVENTS, Set.of("message-service sends", "engagement-service receives",
                "notification-service receives"));
        expected.put(Topics.ENGAGEMENT_EVENTS, Set.of("engagement-service sends", "notification-service receives"));
        expected.put(Topics.NUDGE_EVENTS, Set.of("notification-service sends"));
        expected.put(Topics.deadLetterOf(Topics.EHR_COMMUNICATIONS), Set.of("message-service sends"));
        expected.put(Topics.deadLetterOf(Topics.EHR_ENCOUNTERS), Set.of("message-service sends",
                "engagement-service sends"));
        expected.put(Topics.deadLetterOf(Topics.MESSAGE_EVENTS), Set.of("engagement-service sends",
                "notification-service sends"));
        expected.put(Topics.deadLetterOf(Topics.ENGAGEMENT_EVENTS), Set.of("notification-service sends"));

        assertThat(rolesByTopic()).isEqualTo(expected);
    }

    @Test
    void theDeadLetterTopicOfATopicIsWrittenByItsConsumers() {
        Map<String, Set<String>> roles = rolesByTopic();
        for (String topic : Topics.all()) {
            Set<String> receivers = services(roles.get(topic), " receives");
            if (Topics.CONSUMED.contains(topic)) {
                assertThat(receivers).as(topic).isNotEmpty();
                assertThat(services(roles.get(Topics.deadLetterOf(topic)), " sends")).as(topic)
                        .isEqualTo(receivers);
            } else if (!topic.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                assertThat(receivers).as(topic + " is consumed by no service").isEmpty();
            }
        }
    }

    @Test
    void deadLetterMessagesDescribeTheSmallRyeHeaders() {
        for (String topic : Topics.CONSUMED) {
            JsonNode channel = channelWithAddress(Topics.deadLetterOf(topic));
            channel.path("messages").forEach(m -> {
                JsonNode message = deref(m);
                JsonNode headers = deref(message.path("headers"));
                assertThat(headers.path("properties").has("dead-letter-reason")).isTrue();
                assertThat(headers.path("properties").has("dead-letter-topic")).isTrue();
                assertThat(headers.path("properties").has("dead-letter-offset")).isTrue();
                assertThat(headers.path("properties").has("dead-letter-exception-class-name")).isTrue();
                assertThat(deref(message.path("bindings").path("kafka").path("key")).path("description").asText())
                        .contains("original");
            });
        }
    }

    @Test
    void documentsTheEnvelopeTheHeaderAndTheDuplicateRule() {
        String description = doc.path("info").path("description").asText();
        assertThat(description).contains("structured", "application/cloudevents+json", "at-least-once",
                "CloudEvents `id`", "cloud-events=false", ".dlq");
        assertThat(doc.path("defaultContentType").asText()).isEqualTo(CloudEvent.CONTENT_TYPE);
    }

    // --- helpers ------------------------------------------------------------------------------------------

    static JsonNode channelWithAddress(String address) {
        for (JsonNode channel : doc.path("channels")) {
            if (channel.path("address").asText().equals(address)) {
                return channel;
            }
        }
        throw new AssertionError("no channel with address " + address);
    }

    static JsonNode messageNamed(String topic, String name) {
        for (JsonNode m : channelWithAddress(topic).path("messages")) {
            JsonNode message = deref(m);
            if (message.path("name").asText().equals(name)) {
                return message;
            }
        }
        throw new AssertionError("no message " + name + " on " + topic);
    }

    static JsonNode deref(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref") && current.get("$ref").asText().startsWith("#/")) {
            current = doc.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    static Set<String> refsOfChannel(String topic) {
        List<String[]> refs = new ArrayList<>();
        channelWithAddress(topic).path("messages").forEach(m -> collectRefs(deref(m), "", refs));
        return refs.stream().map(r -> r[1]).collect(Collectors.toSet());
    }

    static void collectRefs(JsonNode node, String path, List<String[]> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(new String[] {path, e.getValue().asText()});
                } else {
                    collectRefs(e.getValue(), path + "/" + e.getKey(), out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectRefs(node.get(i), path + "/" + i, out);
            }
        }
    }

    /** Rewrites the document-relative refs (../schemas/x) to the schemas' published URIs. */
    static JsonNode absolutise(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.asText().startsWith("../schemas/")) {
                object.set("$ref", TextNode.valueOf(EventType.SCHEMA_BASE_URI
                        + ref.asText().substring("../schemas/".length())));
            }
            object.elements().forEachRemaining(AsyncApiDocumentTest::absolutise);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(AsyncApiDocumentTest::absolutise);
        }
        return node;
    }

    /** topic -> {"<service> sends", "<service> receives"}, from the operations and their tags. */
    static Map<String, Set<String>> rolesByTopic() {
        Map<String, Set<String>> roles = new HashMap<>();
        doc.path("operations").forEach(operation -> {
            String address = doc.at(operation.path("channel").path("$ref").asText().substring(1)).path("address")
                    .asText();
            String service = operation.path("tags").get(0).path("name").asText();
            String verb = operation.path("action").asText().equals("send") ? " sends" : " receives";
            roles.computeIfAbsent(address, a -> new TreeSet<>()).add(service + verb);
        });
        return new TreeMap<>(roles);
    }

    static Set<String> services(Set<String> roles, String suffix) {
        if (roles == null) {
            return Set.of();
        }
        return roles.stream().filter(r -> r.endsWith(suffix)).map(r -> r.substring(0, r.length() - suffix.length()))
                .collect(Collectors.toSet());
    }
}
