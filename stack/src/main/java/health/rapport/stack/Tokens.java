package health.rapport.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Access tokens from the stack's Keycloak, for the demo seed and the end-to-end tests. */
public final class Tokens {

    /** The public portal client; direct access grants are on for the demo and tests only. */
    public static final String PORTAL_CLIENT = "portal-web";
    public static final String DEMO_PASSWORD = "rapport";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {
    }

    /** A demo user's access token by the password grant. */
    public static String password(String issuer, String username, String password) {
        return request(issuer, Map.of("grant_type", "password", "client_id", PORTAL_CLIENT,
                "username", username, "password", password));
    }

    /** A confidential client's access token by the client-credentials grant. */
    public static String clientCredentials(String issuer, String clientId, String secret) {
        return request(issuer, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    private static String request(String issuer, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var response = Http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new StackException("token request failed with " + response.statusCode() + ": " + response.body());
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            return json.get("access_token").asText();
        } catch (Exception e) {
            throw new StackException("unexpected token response: " + e.getMessage(), e);
        }
    }
}
