package health.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both overlays render, fit their schemas, keep the policies and agree with the AsyncAPI document. */
class DeployManifestsTest {

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
    static final Set<String> SERVICES = Set.of("gateway", "message-service", "engagement-service",
            "notification-service");

    static Manifests overlay(String name) {
        return RENDERED.computeIfAbsent(name, n -> Manifests.render(Manifests.k8s().resolve("overlays").resolve(n)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersTheWholeSystem(String name) {
        Manifests m = overlay(name);
        assertThat(m.ofKind("Deployment")).extracting(Manifests::name).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(m.ofKind("Service")).extracting(Manifests::name).containsAll(SERVICES);
        assertThat(m.ofKind("Kafka")).extracting(Manifests::name).containsExactly("rapport");
        assertThat(m.ofKind("Cluster")).extracting(Manifests::name).containsExactly("rapport-db");
        assertThat(m.ofKind("Keycloak")).extracting(Manifests::name).containsExactly("rapport-keycloak");
        assertThat(m.ofKind("KeycloakRealmImport")).hasSize(1);
        assertThat(m.ofKind("Ingress")).hasSize(1);
        assertThat(m.ofKind("ServiceMonitor")).isNotEmpty();
        assertThat(m.ofKind("NetworkPolicy")).isNotEmpty();
        assertThat(m.objects()).allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText("rapport"))
                .as(Manifests.id(o)).isEqualTo("rapport"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectFitsItsSchemaStrictly(String name) {
        assertThat(SchemaCheck.check(overlay(name))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentKeepsThePolicies(String name) {
        assertThat(PolicyCheck.check(overlay(name))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void topicsAndAclsAreTheAsyncApiDocuments(String name) {
        assertThat(ContractCheck.check(overlay(name), ContractCheck.asyncApi())).isEmpty();
    }

    @Test
    void theDocumentHasTheTopicsAndPartiesTheChecksExpect() {
        JsonNode doc = ContractCheck.asyncApi();
        assertThat(ContractCheck.topics(doc)).hasSize(9).contains("ehr.communications.v1", "ehr.encounters.v1",
                "rapport.message-events.v1.dlq");
        assertThat(ContractCheck.parties(doc)).containsOnlyKeys(ContractCheck.USER_OF_TAG.keySet());
        assertThat(ContractCheck.groups("engagement-service")).containsExactly("engagement-service");
    }

    @Test
    void devIsOneOfEverything() {
        Manifests m = overlay("dev");
        assertThat(m.ofKind("Deployment")).allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt())
                .as(Manifests.id(d)).isEqualTo(1));
        assertThat(m.ofKind("KafkaNodePool")).singleElement().satisfies(p -> {
            assertThat(p.path("spec").path("replicas").asInt()).isEqualTo(1);
            assertThat(p.path("spec").path("roles").toString()).contains("controller", "broker");
        });
        assertThat(m.find("Cluster", "rapport-db").orElseThrow().path("spec").path("instances").asInt()).isEqualTo(1);
        assertThat(m.ofKind("PodDisruptionBudget")).isEmpty();
        assertThat(m.ofKind("HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void prodIsHighlyAvailable() {
        Manifests m = overlay("prod");
        for (JsonNode d : m.ofKind("Deployment")) {
            String name = Manifests.name(d);
            assertThat(d.path("spec").path("replicas").asInt()).as(name).isGreaterThanOrEqualTo(2);
            assertThat(d.path("spec").path("template").path("spec").path("topologySpreadConstraints")).as(name)
                    .hasSizeGreaterThanOrEqualTo(1);
            assertThat(m.find("PodDisruptionBudget", name)).as("PDB of " + name).isPresent();
            assertThat(m.find("HorizontalPodAutoscaler", name)).as("HPA of " + name).hasValueSatisfying(h ->
                    assertThat(h.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2));
            assertThat(d.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText())
                    .as(name).startsWith("registry.rapport.example/rapport/" + name + ":");
        }
        List<JsonNode> brokers = m.ofKind("KafkaNodePool").stream()
                .filter(p -> p.path("spec").path("roles").toString().contains("broker")).toList();
        assertThat(brokers).singleElement().satisfies(p -> assertThat(p.path("spec").path("replicas").asInt())
                .isEqualTo(3));
        JsonNode kafkaConfig = m.find("Kafka", "rapport").orElseThrow().path("spec").path("kafka").path("config");
        assertThat(kafkaConfig.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafkaConfig.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(m.ofKind("KafkaTopic")).allSatisfy(t -> {
            assertThat(t.path("spec").path("replicas").asInt()).as(Manifests.name(t)).isEqualTo(3);
            assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        });
        JsonNode db = m.find("Cluster", "rapport-db").orElseThrow().path("spec");
        assertThat(db.path("instances").asInt()).isEqualTo(3);
        assertThat(db.path("backup").path("barmanObjectStore").path("destinationPath").asText()).startsWith("s3://");
        assertThat(m.ofKind("ScheduledBackup")).hasSize(1);
    }

    @Test
    void onlyTheGatewayTakesTrafficFromTheIngress() {
        for (String overlay : List.of("dev", "prod")) {
            Manifests m = overlay(overlay);
            Set<String> backends = new TreeSet<>();
            for (JsonNode rule : m.ofKind("Ingress").get(0).path("spec").path("rules")) {
                rule.path("http").path("paths").forEach(p -> backends.add(p.path("backend").path("service")
                        .path("name").asText()));
            }
            assertThat(backends).containsExactlyInAnyOrder("gateway", "rapport-keycloak-service");
            assertThat(m.ofKind("Ingress").get(0).path("spec").path("tls").get(0).path("secretName").asText())
                    .isEqualTo("rapport-tls");
            Set<String> fromIngress = new TreeSet<>();
            for (JsonNode policy : m.ofKind("NetworkPolicy")) {
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    for (JsonNode peer : rule.path("from")) {
                        if (peer.path("namespaceSelector").toString().contains("ingress-nginx")) {
                            fromIngress.add(policy.path("spec").path("podSelector").toString());
                        }
                    }
                }
            }
            assertThat(fromIngress).as(overlay).containsExactlyInAnyOrder(
                    "{\"matchLabels\":{\"app.kubernetes.io/name\":\"gateway\"}}",
                    "{\"matchLabels\":{\"app.kubernetes.io/instance\":\"rapport-keycloak\"}}");
        }
    }
}
