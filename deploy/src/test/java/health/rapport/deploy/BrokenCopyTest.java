package health.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks can fail: each case copies deploy/k8s, breaks one thing in the copy, renders the overlay and
 * expects the matching check to name the break (and the unbroken copy to pass the same check).
 */
class BrokenCopyTest {

    @TempDir
    Path tmp;

    enum Check {
        SCHEMA(SchemaCheck::check),
        POLICY(PolicyCheck::check),
        CONTRACT(m -> ContractCheck.check(m, ContractCheck.asyncApi()));

        final Function<Manifests, List<String>> run;

        Check(Function<Manifests, List<String>> run) {
            this.run = run;
        }
    }

    static Stream<Arguments> breaks() {
        return Stream.of(
                // misspelt fields, one per schema source
                Arguments.of("dev", "base/services/gateway.yaml", "revisionHistoryLimit:", "revisionHistoryLimt:",
                        Check.SCHEMA, "Deployment/gateway"),
                Arguments.of("dev", "base/services/message-service.yaml", "failureThreshold: 36",
                        "failureTreshold: 36", Check.SCHEMA, "Deployment/message-service"),
                Arguments.of("prod", "base/network/network-policies.yaml", "policyTypes: [Ingress]\n  ingress:",
                        "policyTypes: [Ingress]\n  ingres:", Check.SCHEMA, "NetworkPolicy/"),
                Arguments.of("prod", "base/monitoring/monitors.yaml", "scrapeTimeout:", "scrapeTimout:",
                        Check.SCHEMA, "ServiceMonitor/rapport-services"),
                Arguments.of("dev", "base/kafka/topics.yaml", "  partitions: 6", "  partitons: 6", Check.SCHEMA,
                        "KafkaTopic/rapport.engagement-events.v1"),
                Arguments.of("prod", "base/kafka/kafka.yaml", "  kafkaExporter:", "  kafkaExporterr:",
                        Check.SCHEMA, "Kafka/rapport"),
                Arguments.of("prod", "overlays/prod/kafka-node-pools.yaml", "  roles: [broker]",
                        "  roles: [brokers]", Check.SCHEMA, "KafkaNodePool/broker"),
                Arguments.of("dev", "base/kafka/users.yaml", "patternType: literal", "patternTyp: literal",
                        Check.SCHEMA, "KafkaUser/"),
                Arguments.of("prod", "base/postgres/cluster.yaml", "enableSuperuserAccess:",
                        "enableSuperUserAccess:", Check.SCHEMA, "Cluster/rapport-db"),
                Arguments.of("prod", "overlays/prod/backup.yaml", "backupOwnerReference: self",
                        "backupOwnerReference: myself", Check.SCHEMA, "ScheduledBackup/rapport-db-nightly"),
                Arguments.of("dev", "base/keycloak/keycloak.yaml", "backchannelDynamic:", "backChannelDynamic:",
                        Check.SCHEMA, "Keycloak/rapport-keycloak"),
                Arguments.of("dev", "overlays/dev/realm-import.yaml", "    sslRequired:", "    sslRequird:",
                        Check.SCHEMA, "KeycloakRealmImport/rapport-realm: spec.realm"),
                // policies
                Arguments.of("dev", "base/services/message-service.yaml", "          readinessProbe:",
                        "          readinessProbeDisabled:", Check.POLICY, "no readinessProbe"),
                Arguments.of("prod", "overlays/prod/kustomization.yaml", "    newTag: 0.1.0\n  - name: rapport/message-service",
                        "    newTag: latest\n  - name: rapport/message-service", Check.POLICY, "uses the latest tag"),
                Arguments.of("dev", "base/services/notification-service.yaml", "readOnlyRootFilesystem: true",
                        "readOnlyRootFilesystem: false", Check.POLICY, "readOnlyRootFilesystem is not true"),
                Arguments.of("dev", "base/services/engagement-service.yaml", "runAsNonRoot: true",
                        "runAsNonRoot: false", Check.POLICY, "runAsNonRoot is not true"),
                Arguments.of("dev", "overlays/dev/kustomization.yaml", "limits: {cpu: 500m, memory: 512Mi}",
                        "limits: {cpu: 500m}", Check.POLICY, "no resources.limits.memory"),
                Arguments.of("prod", "base/network/ingress.yaml", "  ingressClassName: nginx",
                        "  ingressClass: nginx", Check.SCHEMA, "Ingress/rapport"),
                // the AsyncAPI contract
                Arguments.of("dev", "base/kafka/users.yaml", "name: rapport.nudge-events.v1\n",
                        "name: rapport.nudge-events.v2\n", Check.CONTRACT, "KafkaUser notification-service writes"),
                Arguments.of("prod", "base/kafka/users.yaml", "name: engagement-service\n          patternType",
                        "name: engagement\n          patternType", Check.CONTRACT,
                        "KafkaUser engagement-service may read groups"),
                Arguments.of("prod", "base/kafka/topics.yaml", "  name: ehr.encounters.v1.dlq\n",
                        "  name: ehr.encounter.v1.dlq\n", Check.CONTRACT, "AsyncAPI topic ehr.encounters.v1.dlq has no KafkaTopic"));
    }

    @ParameterizedTest(name = "{0}: {1}: {3} -> {4} check")
    @MethodSource("breaks")
    void theCheckNamesTheBreak(String overlay, String file, String from, String to, Check check, String expected)
            throws IOException {
        Path copy = copyOfK8s();
        assertThat(check.run.apply(Manifests.render(copy.resolve("overlays").resolve(overlay))))
                .as("the unbroken copy passes").isEmpty();
        Path target = copy.resolve(file);
        String text = Files.readString(target);
        assertThat(text).as("%s contains the text to break", file).contains(from);
        Files.writeString(target, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        List<String> problems = check.run.apply(Manifests.render(copy.resolve("overlays").resolve(overlay)));
        assertThat(problems).as("problems after breaking %s", file).anySatisfy(p -> assertThat(p).contains(expected));
    }

    @Test
    void aMissingResourceFailsTheRender() throws IOException {
        Path copy = copyOfK8s();
        Path kustomization = copy.resolve("base/kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization)
                .replace("  - kafka/topics.yaml\n", "  - kafka/topic.yaml\n"));
        assertThatThrownBy(() -> Manifests.render(copy.resolve("overlays/dev")))
                .isInstanceOf(Kubectl.KustomizeException.class).hasMessageContaining("topic.yaml");
    }

    @Test
    void anUnknownKindHasNoSchemaAndFails() {
        Manifests m = Manifests.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
        assertThat(SchemaCheck.check(m)).singleElement().asString().contains("unknown apiVersion example.com/v1");
    }

    private Path copyOfK8s() throws IOException {
        Path source = Manifests.k8s();
        Path copy = tmp.resolve("k8s-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }
}
