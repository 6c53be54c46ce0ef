package health.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The realm imports are the realm file, transformed (RealmImports); prod has no demo users. */
class RealmImportTest {

    @Test
    void committedImportsAreGeneratedFromTheRealmFile() throws IOException {
        if (Boolean.getBoolean("rapport.deploy.regenerate")) {
            RealmImports.write("dev", false);
            RealmImports.write("prod", true);
        }
        assertThat(Files.readString(RealmImports.file("dev"))).as("overlays/dev/realm-import.yaml is stale: "
                + "regenerate it (see its header)").isEqualTo(RealmImports.generate(false));
        assertThat(Files.readString(RealmImports.file("prod"))).as("overlays/prod/realm-import.yaml is stale: "
                + "regenerate it (see its header)").isEqualTo(RealmImports.generate(true));
    }

    @Test
    void prodHasNoDemoUsersAndNoPasswordGrant() throws IOException {
        JsonNode realm = Manifests.YAML.readTree(RealmImports.generate(true)).path("spec").path("realm");
        assertThat(realm.path("users")).extracting(u -> u.path("username").asText()).containsExactlyInAnyOrder(
                "service-account-notification-service", "service-account-ehr-integration",
                "service-account-gateway");
        assertThat(realm.path("users")).allSatisfy(u -> assertThat(u.has("credentials")).isFalse());
        JsonNode portal = client(realm, "portal-web");
        assertThat(portal.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
        assertThat(portal.path("redirectUris").toString()).doesNotContain("localhost", "127.0.0.1");
        for (JsonNode c : realm.path("clients")) {
            if (c.has("secret")) {
                assertThat(c.path("secret").asText()).as(c.path("clientId").asText()).startsWith("${");
            }
        }
    }

    @Test
    void devKeepsTheDemoUsersButNotTheDemoSecrets() throws IOException {
        JsonNode doc = Manifests.YAML.readTree(RealmImports.generate(false));
        JsonNode realm = doc.path("spec").path("realm");
        assertThat(realm.path("users")).extracting(u -> u.path("username").asText()).contains("alice", "dr-bob");
        for (String client : new String[] {"notification-service", "ehr-integration", "gateway"}) {
            assertThat(client(realm, client).path("secret").asText()).isEqualTo("${" + RealmImports.placeholder(client)
                    + "}");
            assertThat(doc.path("spec").path("placeholders").path(RealmImports.placeholder(client)).path("secret")
                    .path("key").asText()).isEqualTo(client);
        }
    }

    private static JsonNode client(JsonNode realm, String id) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no client " + id);
    }
}
