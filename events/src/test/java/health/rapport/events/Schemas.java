package health.rapport.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test helper: the module's JSON Schemas, loaded from the class path, with format assertions on. */
final class Schemas {

    static final String ENVELOPE = "cloudevent-envelope.v1.schema.json";
    static final String FHIR_COMMUNICATION = "fhir-communication.r4.schema.json";
    static final String FHIR_ENCOUNTER = "fhir-encounter.r4.schema.json";

    /** Every schema $id under SCHEMA_BASE_URI is read from the class-path folder schemas/; nothing is fetched. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventType.SCHEMA_BASE_URI, "classpath:schemas/")));

    /** Draft 2020-12 makes format an annotation by default; Rapport's contract means it (date-time, uri). */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {
    }

    /** The schema with the given file name in schemas/, loaded through its published URI. */
    static JsonSchema byFileName(String fileName) {
        return byUri(EventType.SCHEMA_BASE_URI + fileName);
    }

    static JsonSchema byUri(String uri) {
        return CACHE.computeIfAbsent(uri, u -> {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(u), CONFIG);
            schema.initializeValidators();
            return schema;
        });
    }

    static JsonSchema envelope() {
        return byFileName(ENVELOPE);
    }

    static JsonSchema of(EventType type) {
        return byUri(type.schemaUri());
    }

    /** A schema given as a tree (its relative $refs resolve against SCHEMA_BASE_URI). */
    static JsonSchema fromTree(JsonNode schema) {
        JsonSchema result = FACTORY.getSchema(SchemaLocation.of(EventType.SCHEMA_BASE_URI + "inline-" + java.util.UUID.randomUUID() + ".schema.json"), schema,
                CONFIG);
        result.initializeValidators();
        return result;
    }

    /** The JSON Schema 2020-12 meta-schema (bundled with the validator). */
    static JsonSchema metaSchema() {
        return byUri("https://json-schema.org/draft/2020-12/schema");
    }

    static Set<ValidationMessage> validate(JsonSchema schema, JsonNode instance) {
        return schema.validate(instance);
    }

    static List<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    // --- class-path resources ---------------------------------------------------------------------------

    static String resourceText(String resource) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class-path resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode resourceJson(String resource) {
        try {
            return JSON.readTree(resourceText(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean resourceExists(String resource) {
        return Schemas.class.getClassLoader().getResource(resource) != null;
    }

    /** The names of the files (not folders) directly in a class-path folder, sorted. */
    static List<String> filesIn(String folder) {
        URL url = Schemas.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalArgumentException("no class-path folder " + folder);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
