package health.rapport.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.gateway.routing.EchoUpstreamsAccess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(health.rapport.gateway.routing.EchoUpstreams.class)
class MergedOpenApiTest {

    @Test
    void oneDocumentForEveryRoutedPathWithoutTheServicesInternals() {
        JsonPath document = given().when().get("/api/openapi")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        Map<String, Object> paths = document.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/threads", "/api/v1/engagement", "/api/v1/nudges")
                .doesNotContainKeys("/internal/message-service", "/internal/engagement-service");
        assertThat(document.getMap("x-rapport-upstreams")).containsEntry("message-service", "merged")
                .containsEntry("engagement-service", "merged").containsEntry("notification-service", "merged")
                .containsEntry("broken-service", "unavailable");
        // each service's reference still leads to its own schema, though all three called it Item
        for (Map.Entry<String, String> path : EchoUpstreamsAccess.prefixes().entrySet()) {
            String reference = document.getString("paths.'" + path.getValue()
                    + "'.get.responses.'200'.content.'application/json'.schema.'$ref'");
            String name = reference.substring("#/components/schemas/".length());
            assertThat(document.getString("components.schemas.'" + name + "'.title")).as(path.getKey())
                    .isEqualTo(path.getKey() + " item");
        }
        // a component every service defines the same way is kept once
        assertThat(document.<String, Object>getMap("components.schemas").keySet().stream().filter(key -> key.endsWith("Problem")))
                .containsExactly("Problem");
        assertThat(document.getList("tags.name")).contains("message-service", "engagement-service",
                "notification-service");
    }
}
