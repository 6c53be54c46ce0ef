package health.rapport.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** KafkaTopics and KafkaUsers against the AsyncAPI document of the events module. */
final class ContractCheck {

    /** AsyncAPI operation tag to KafkaUser: the services by name, the EHR systems as user ehr-integration. */
    static final Map<String, String> USER_OF_TAG = Map.of("message-service", "message-service",
            "engagement-service", "engagement-service", "notification-service", "notification-service",
            "ehr-system", "ehr-integration");

    /** What one party sends and receives, by the document. */
    record Party(Set<String> sends, Set<String> receives) {
    }

    private ContractCheck() {
    }

    static JsonNode asyncApi() {
        try (InputStream in = ContractCheck.class.getResourceAsStream("/asyncapi/asyncapi.yaml")) {
            return Manifests.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> topics(JsonNode asyncApi) {
        Set<String> topics = new TreeSet<>();
        asyncApi.path("channels").forEach(ch -> topics.add(ch.path("address").asText()));
        return topics;
    }

    static Map<String, Party> parties(JsonNode asyncApi) {
        Map<String, Party> parties = new TreeMap<>();
        asyncApi.path("operations").forEach(op -> {
            String ref = op.path("channel").path("$ref").asText();
            String channel = ref.substring(ref.lastIndexOf('/') + 1);
            String topic = asyncApi.path("channels").path(channel).path("address").asText();
            for (JsonNode tag : op.path("tags")) {
                Party party = parties.computeIfAbsent(tag.path("name").asText(),
                        t -> new Party(new TreeSet<>(), new TreeSet<>()));
                (op.path("action").asText().equals("send") ? party.sends() : party.receives()).add(topic);
            }
        });
        return parties;
    }

    /** The consumer groups a service's channels use (its application.properties). */
    static Set<String> groups(String service) {
        Path file = Manifests.root().resolve(service).resolve("src/main/resources/application.properties");
        Set<String> groups = new TreeSet<>();
        if (!Files.isRegularFile(file)) {
            return groups;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.forEach((k, v) -> {
            if (k.toString().startsWith("mp.messaging.incoming.") && k.toString().endsWith(".group.id")) {
                groups.add(v.toString());
            }
        });
        return groups;
    }

    static List<String> check(Manifests manifests, JsonNode asyncApi) {
        List<String> problems = new ArrayList<>();
        Set<String> documented = topics(asyncApi);
        Set<String> declared = new TreeSet<>();
        for (JsonNode topic : manifests.ofKind("KafkaTopic")) {
            String name = topic.path("spec").path("topicName").asText(Manifests.name(topic));
            declared.add(name);
            if (!documented.contains(name)) {
                problems.add("KafkaTopic " + name + " is not a channel of the AsyncAPI document");
            }
            if (!topic.path("metadata").path("labels").path("strimzi.io/cluster").asText().equals("rapport")) {
                problems.add("KafkaTopic " + name + " is not labelled strimzi.io/cluster: rapport");
            }
        }
        for (String topic : documented) {
            if (!declared.contains(topic)) {
                problems.add("AsyncAPI topic " + topic + " has no KafkaTopic");
            }
        }

        Map<String, Party> parties = parties(asyncApi);
        Set<String> users = new TreeSet<>();
        manifests.ofKind("KafkaUser").forEach(u -> users.add(Manifests.name(u)));
        for (var entry : parties.entrySet()) {
            String user = USER_OF_TAG.get(entry.getKey());
            if (user == null) {
                problems.add("AsyncAPI party " + entry.getKey() + " has no KafkaUser mapping");
                continue;
            }
            JsonNode kafkaUser = manifests.find("KafkaUser", user).orElse(null);
            if (kafkaUser == null) {
                problems.add("no KafkaUser " + user + " for AsyncAPI party " + entry.getKey());
                continue;
            }
            users.remove(user);
            problems.addAll(checkUser(user, kafkaUser, entry.getValue(), groups(user)));
        }
        users.forEach(u -> problems.add("KafkaUser " + u + " is no party of the AsyncAPI document"));
        return problems;
    }

    static List<String> checkUser(String user, JsonNode kafkaUser, Party party, Set<String> groups) {
        List<String> problems = new ArrayList<>();
        Set<String> writes = new TreeSet<>();
        Set<String> reads = new TreeSet<>();
        Set<String> groupReads = new TreeSet<>();
        if (!kafkaUser.path("spec").path("authorization").path("type").asText().equals("simple")) {
            problems.add("KafkaUser " + user + ": authorization is not simple");
        }
        for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            String type = resource.path("type").asText();
            String name = resource.path("name").asText();
            if (!resource.path("patternType").asText("literal").equals("literal")) {
                problems.add("KafkaUser " + user + ": " + type + " " + name + " is not a literal pattern");
            }
            if (!acl.path("type").asText("allow").equals("allow")) {
                continue;
            }
            Set<String> ops = new TreeSet<>();
            acl.path("operations").forEach(o -> ops.add(o.asText()));
            switch (type) {
                case "topic" -> {
                    for (String op : ops) {
                        switch (op) {
                            case "Write" -> writes.add(name);
                            case "Read" -> reads.add(name);
                            case "Describe" -> { }
                            default -> problems.add("KafkaUser " + user + ": operation " + op + " on topic " + name);
                        }
                    }
                    if (!ops.contains("Describe")) {
                        problems.add("KafkaUser " + user + ": topic " + name + " without Describe");
                    }
                }
                case "group" -> {
                    if (!ops.equals(Set.of("Read"))) {
                        problems.add("KafkaUser " + user + ": operations " + ops + " on group " + name);
                    }
                    groupReads.add(name);
                }
                default -> problems.add("KafkaUser " + user + ": ACL on resource type " + type);
            }
        }
        if (!writes.equals(party.sends())) {
            problems.add("KafkaUser " + user + " writes " + writes + " but the AsyncAPI document says it sends "
                    + party.sends());
        }
        if (!reads.equals(party.receives())) {
            problems.add("KafkaUser " + user + " reads " + reads + " but the AsyncAPI document says it receives "
                    + party.receives());
        }
        Set<String> expectedGroups = party.receives().isEmpty() ? Set.of() : groups;
        if (!groupReads.equals(expectedGroups)) {
            problems.add("KafkaUser " + user + " may read groups " + groupReads + " but its consumers use "
                    + expectedGroups);
        }
        return problems;
    }
}
