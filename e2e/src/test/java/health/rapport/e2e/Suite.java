package health.rapport.e2e;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.rapport.stack.PostgresComponent;
import health.rapport.stack.StackSettings;
import health.rapport.stack.StackSettings.Port;
import health.rapport.stack.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.Map;

/** What the ITs share: the running stack's addresses, tokens, raw HTTP, row counts and the nudge policy. */
final class Suite {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Suite() {
    }

    static StackSettings settings() {
        return LocalStackExtension.stack().settings();
    }

    static String gateway() {
        return settings().url(Port.GATEWAY);
    }

    /** A demo user's token from the real Keycloak (password grant on {@code portal-web}). */
    static String token(String user) {
        return Tokens.password(settings().issuer(), user, Tokens.DEMO_PASSWORD);
    }

    /**
     * An access token by the password grant from any realm and client of the stack's Keycloak ({@code realm}
     * {@code master} with {@code admin-cli} and the stack's admin, for instance).
     */
    static String passwordToken(String realm, String clientId, String user, String password) {
        String form = "grant_type=password&client_id=" + encode(clientId) + "&username=" + encode(user)
                + "&password=" + encode(password);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(settings().url(Port.KEYCLOAK)
                        + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token from realm " + realm + " for " + user + " via " + clientId
                    + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).path("access_token").asText();
    }

    /** The claims of a JWT (its middle part), not verified. */
    static JsonNode claims(String jwt) {
        return json(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Connection db(String name) throws SQLException {
        return new PostgresComponent(settings()).connect(name);
    }

    /** The single number a {@code select count(*) ...} (or any one-value query) answers. */
    static long count(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * A request sent exactly as written: the path is not normalised or re-encoded (RestAssured would), so
     * {@code ..}, {@code %2e} and {@code %2F} reach the gateway as they are.
     */
    static HttpResponse<String> raw(String method, String pathAndQuery, String token, Map<String, String> headers,
            HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body.substring(0, Math.min(200, body.length())), e);
        }
    }

    /**
     * Ops store a policy with no quiet hours and every day a working day, so a nudge goes out whatever the hour
     * and day in the clinician's zone.
     */
    static void nudgesAtAnyHour(String opsToken) {
        ObjectNode policy = (ObjectNode) json(given().baseUri(gateway()).auth().oauth2(opsToken)
                .when().get("/api/v1/nudge-policy").then().statusCode(200).extract().asString());
        policy.put("quietStart", "00:00").put("quietEnd", "00:00");
        ArrayNode days = policy.putArray("workingDays");
        for (DayOfWeek day : DayOfWeek.values()) {
            days.add(day.name());
        }
        given().baseUri(gateway()).auth().oauth2(opsToken).contentType("application/json").body(policy.toString())
                .when().put("/api/v1/nudge-policy").then().statusCode(200);
    }
}
