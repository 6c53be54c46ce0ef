package health.rapport.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;

import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Every object against its schema, strictly (an unknown or misspelt field is an error):
 * <ul>
 * <li>Kubernetes' own kinds and monitoring.coreos.com (ServiceMonitor, PodMonitor): the OpenAPI schemas in
 * fabric8's kubernetes-model-validator, which reject properties a schema does not declare;</li>
 * <li>kafka.strimzi.io/v1: Strimzi's own typed API model (io.strimzi:api), read with Jackson; Strimzi keeps
 * unknown properties aside (getAdditionalProperties), and any kept one is an error;</li>
 * <li>postgresql.cnpg.io/v1 and k8s.keycloak.org/v2alpha1: strict subset schemas in src/test/resources/schemas
 * (no Maven Central or npm artifact ships these operators' CRDs or models), and the realm of a
 * KeycloakRealmImport as Keycloak's RealmRepresentation with FAIL_ON_UNKNOWN_PROPERTIES.</li>
 * </ul>
 * A kind none of these knows is an error too.
 */
final class SchemaCheck {

    private static final Validator KUBERNETES = Validator.newInstance();
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    /** Writes every property, defaults too (Strimzi's models leave out what equals the default). */
    private static final ObjectMapper WRITE_ALL = new ObjectMapper().setAnnotationIntrospector(
            new com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector() {
                @Override
                public com.fasterxml.jackson.annotation.JsonInclude.Value findPropertyInclusion(
                        com.fasterxml.jackson.databind.introspect.Annotated a) {
                    return com.fasterxml.jackson.annotation.JsonInclude.Value.empty();
                }
            });
    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class,
            "KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class,
            "KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class,
            "KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class);
    private static final Set<String> KUBERNETES_GROUPS = Set.of("v1", "apps/v1", "policy/v1", "autoscaling/v2",
            "networking.k8s.io/v1", "monitoring.coreos.com/v1", "batch/v1", "rbac.authorization.k8s.io/v1");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://rapport.health/deploy/schemas/",
                    "classpath:schemas/")));
    private static final Map<String, JsonSchema> SUBSET_SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private SchemaCheck() {
    }

    static List<String> check(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : manifests.objects()) {
            problems.addAll(check(object));
        }
        return problems;
    }

    static List<String> check(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String id = Manifests.id(object);
        List<String> problems = new ArrayList<>();
        if (KUBERNETES_GROUPS.contains(apiVersion)) {
            JsonNode asValidated = forValidator(object);
            if (!KUBERNETES_KNOWN.computeIfAbsent(apiVersion + " " + kind, k -> hasSchema(asValidated))) {
                problems.add(id + ": fabric8's validator has no schema for " + apiVersion + " " + kind);
            }
            for (ValidationMessage m : KUBERNETES.validate(asValidated).getMessages()) {
                if (!intOrString(m.getMessage())) {
                    problems.add(id + ": " + m.getMessage());
                }
            }
        } else if (apiVersion.equals("kafka.strimzi.io/v1") && STRIMZI.containsKey(kind)) {
            problems.addAll(strimzi(id, object, STRIMZI.get(kind)));
        } else if (apiVersion.equals("postgresql.cnpg.io/v1") || apiVersion.equals("k8s.keycloak.org/v2alpha1")) {
            JsonSchema schema = subsetSchema(apiVersion, kind);
            if (schema == null) {
                problems.add(id + ": no schema for " + apiVersion + " " + kind);
            } else {
                schema.validate(object).forEach(m -> problems.add(id + ": " + m.getMessage()));
            }
            if (kind.equals("KeycloakRealmImport")) {
                problems.addAll(realm(id, object.path("spec").path("realm")));
            }
        } else {
            problems.add(id + ": unknown apiVersion " + apiVersion + " (no schema to check it against)");
        }
        return problems;
    }

    private static final Map<String, Boolean> KUBERNETES_KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * fabric8's validator finds a schema by turning the apiVersion's group around (monitoring.coreos.com/v1 to
     * com.coreos.monitoring.v1), which misses Kubernetes' own *.k8s.io groups (io.k8s.api.networking.v1) and
     * then reports nothing. For those the copy it validates says networking/v1, which it maps right.
     */
    private static JsonNode forValidator(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        if (!apiVersion.contains(".k8s.io/")) {
            return object;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = object.deepCopy();
        copy.put("apiVersion", apiVersion.replace(".k8s.io/", "/"));
        return copy;
    }

    /** Whether the validator really has a schema for this kind: a made-up property must be reported. */
    private static boolean hasSchema(JsonNode object) {
        com.fasterxml.jackson.databind.node.ObjectNode probe = STRICT.createObjectNode();
        probe.set("apiVersion", object.path("apiVersion"));
        probe.set("kind", object.path("kind"));
        probe.putObject("metadata").put("name", "probe");
        probe.put("zzNoSuchProperty", 1);
        return !KUBERNETES.validate(probe).getMessages().isEmpty();
    }

    /** Kubernetes' IntOrString fields, which fabric8's OpenAPI document types as strings only. */
    private static final java.util.regex.Pattern INT_OR_STRING = java.util.regex.Pattern.compile(
            "\\[Path '[^']*/(maxSurge|maxUnavailable|minAvailable|port|targetPort)'] Instance type \\(integer\\)"
                    + " does not match any allowed primitive type \\(allowed: \\[\"string\"]\\)");

    private static boolean intOrString(String message) {
        return INT_OR_STRING.matcher(message).matches();
    }

    private static JsonSchema subsetSchema(String apiVersion, String kind) {
        String file = apiVersion.replace('/', '-') + "-" + kind + ".yaml";
        return SUBSET_SCHEMAS.computeIfAbsent(file, f -> {
            try (InputStream in = SchemaCheck.class.getResourceAsStream("/schemas/" + f)) {
                if (in == null) {
                    return null;
                }
                JsonNode node = Manifests.YAML.readTree(in);
                return SCHEMAS.getSchema(SchemaLocation.of("https://rapport.health/deploy/schemas/" + f), node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static List<String> strimzi(String id, JsonNode object, Class<?> type) {
        Object model;
        try {
            model = STRICT.treeToValue(object, type);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(id + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        unknownProperties(model, "", problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        List<String> result = new ArrayList<>(problems.stream().map(p -> id + ": unknown property " + p).toList());
        // What the model read must write back: a value it could not take (an unknown enum constant read as
        // null, a dropped field) shows up as a difference.
        com.fasterxml.jackson.databind.node.ObjectNode back = WRITE_ALL.valueToTree(model);
        back.set("apiVersion", object.path("apiVersion"));
        lost(object, back, "", result, id);
        return result;
    }

    /** Walks a Strimzi/fabric8 model: every object's kept-aside unknown properties are reported. */
    private static void unknownProperties(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownProperties(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownProperties(v, path + "." + k, problems, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.strimzi") && !pkg.startsWith("io.fabric8")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> problems.add(path + "." + k));
                }
                continue;
            }
            String property = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            unknownProperties(child, path + "." + property, problems, seen);
        }
    }

    private static void lost(JsonNode in, JsonNode out, String path, List<String> problems, String id) {
        if (in.isObject()) {
            in.fields().forEachRemaining(e -> {
                JsonNode o = out == null ? null : out.get(e.getKey());
                if (o == null || o.isNull() && !e.getValue().isNull()) {
                    problems.add(id + ": " + path + "." + e.getKey() + " is not understood by the model");
                } else {
                    lost(e.getValue(), o, path + "." + e.getKey(), problems, id);
                }
            });
        } else if (in.isArray()) {
            for (int i = 0; i < in.size(); i++) {
                JsonNode o = out != null && out.isArray() && out.size() > i ? out.get(i) : null;
                if (o == null || o.isNull() && !in.get(i).isNull()) {
                    problems.add(id + ": " + path + "[" + i + "] = " + in.get(i) + " is not understood by the model");
                } else {
                    lost(in.get(i), o, path + "[" + i + "]", problems, id);
                }
            }
        } else if (out != null && !in.asText().equals(out.asText())) {
            problems.add(id + ": " + path + " = " + in + " reads back as " + out);
        }
    }

    static List<String> realm(String id, JsonNode realm) {
        try {
            STRICT.treeToValue(realm, RealmRepresentation.class);
            return List.of();
        } catch (IOException | IllegalArgumentException e) {
            return List.of(id + ": spec.realm: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
