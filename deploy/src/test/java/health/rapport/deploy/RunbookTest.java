package health.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The runbook names the Secrets, keys and objects the manifests really use. */
class RunbookTest {

    /** Secrets the operators write themselves (Strimzi: one per KafkaUser, and the cluster CA). */
    private static boolean operatorMade(String secret, Manifests m) {
        return secret.equals("rapport-cluster-ca-cert") || m.find("KafkaUser", secret).isPresent();
    }

    @Test
    void everySecretAndKeyTheManifestsReadIsInTheSecretsTable() throws IOException {
        String readme = Files.readString(Manifests.root().resolve("deploy/README.md"));
        Map<String, Set<String>> needed = new TreeMap<>();
        for (String overlay : new String[] {"dev", "prod"}) {
            Manifests m = DeployManifestsTest.overlay(overlay);
            for (JsonNode o : m.objects()) {
                collect(o, needed);
            }
            needed.keySet().removeIf(s -> operatorMade(s, m));
        }
        assertThat(needed).containsKeys("rapport-db-message", "rapport-keycloak-clients", "rapport-tls",
                "rapport-db-backup", "rapport-keycloak-admin", "rapport-smtp");
        needed.forEach((secret, keys) -> {
            String row = readme.lines().filter(l -> l.startsWith("| `" + secret + "`")).findFirst().orElse(null);
            assertThat(row).as("row of Secret %s in the README's Secrets table", secret).isNotNull();
            for (String key : keys) {
                assertThat(row).as("key %s of Secret %s", key, secret).contains("`" + key + "`");
            }
        });
    }

    @Test
    void theRunbooksNamesAreTheManifests() throws IOException {
        String readme = Files.readString(Manifests.root().resolve("deploy/README.md"));
        Manifests prod = DeployManifestsTest.overlay("prod");
        assertThat(readme).contains("kubectl apply --server-side -k deploy/k8s/overlays/prod", "-n rapport",
                "rapport-kafka-bootstrap:9093", "rapport-db-rw", "rapport-keycloak-service:8080",
                "-l app.kubernetes.io/component=service");
        assertThat(prod.find("Kafka", "rapport")).isPresent();
        assertThat(prod.find("Cluster", "rapport-db")).isPresent();
        assertThat(prod.find("Keycloak", "rapport-keycloak")).isPresent();
        assertThat(prod.find("KeycloakRealmImport", "rapport-realm")).isPresent();
        assertThat(prod.find("ScheduledBackup", "rapport-db-nightly")).isPresent();
        for (String name : new String[] {"kafka", "kafkanodepool", "kafkatopic", "kafkauser"}) {
            assertThat(readme).contains("get kafka,kafkanodepool,kafkatopic,kafkauser").contains(name);
        }
        for (JsonNode hpa : prod.ofKind("HorizontalPodAutoscaler")) {
            assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(Manifests.name(hpa));
        }
        assertThat(readme).contains("patch hpa gateway", "group engagement-service");
        assertThat(ContractCheck.groups("engagement-service")).contains("engagement-service");
        assertThat(prod.find("Deployment", "engagement-service").orElseThrow().path("metadata").path("labels")
                .path("app.kubernetes.io/component").asText()).isEqualTo("service");
    }

    private static void collect(JsonNode node, Map<String, Set<String>> needed) {
        if (node.isObject()) {
            if (node.has("secretKeyRef")) {
                add(needed, node.path("secretKeyRef").path("name").asText(), node.path("secretKeyRef").path("key").asText());
            }
            if (node.has("secret") && node.path("secret").has("secretName")) {
                add(needed, node.path("secret").path("secretName").asText(), null);
                node.path("secret").path("items").forEach(i -> add(needed, node.path("secret").path("secretName").asText(),
                        i.path("key").asText()));
            }
            for (String ref : new String[] {"passwordSecret", "usernameSecret", "accessKeyId", "secretAccessKey"}) {
                JsonNode r = node.path(ref);
                if (r.isObject() && r.has("name")) {
                    add(needed, r.path("name").asText(), r.has("key") ? r.path("key").asText() : "password");
                }
            }
            if (node.path("secret").isObject() && node.path("secret").has("name") && node.path("secret").has("key")) {
                add(needed, node.path("secret").path("name").asText(), node.path("secret").path("key").asText());
            }
            if (node.has("secretName") && node.path("secretName").isTextual()) {
                add(needed, node.path("secretName").asText(), "tls.crt");
            }
            if (node.path("user").path("secret").isTextual()) {
                add(needed, node.path("user").path("secret").asText(), "password");
            }
            node.fields().forEachRemaining(e -> collect(e.getValue(), needed));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, needed));
        }
    }

    private static void add(Map<String, Set<String>> needed, String secret, String key) {
        Set<String> keys = needed.computeIfAbsent(secret, s -> new TreeSet<>());
        if (key != null) {
            keys.add(key);
        }
    }
}
