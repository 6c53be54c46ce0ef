package health.rapport.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Demo threads created through the gateway, as portal users would: once per local data folder, so that
 * {@code up} after {@code down} keeps what is there and {@code reset} starts again.
 */
final class DemoData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackSettings settings;
    private final PrintStream out;

    DemoData(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void seedOnce() {
        Path marker = settings.dataDir().resolve("demo-data-seeded");
        if (Files.exists(marker)) {
            return;
        }
        String alice = token("alice");
        String ben = token("ben");
        String bob = token("dr-bob");
        String carol = token("dr-carol");

        String refill = createThread(alice, "Practitioner/prac-bob", "Refill of my blood pressure tablets",
                "prescription", "I am down to my last week of lisinopril. Could you renew the prescription?");
        reply(bob, refill, "Renewed for 90 days at your usual pharmacy. Please book a check-up within two months.");
        createThread(ben, "Practitioner/prac-bob", "Knee pain after running", "medical-question",
                "My left knee has hurt since Sunday's run. Should I rest it or come in?");
        createThread(carol, "Patient/pat-ben", "Your lab results", "test-results",
                "Your cholesterol results are in and look better than last year. No action needed.");
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, Instant.now().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("  demo data: 3 threads (alice and ben with dr-bob, dr-carol to ben)");
    }

    private String token(String user) {
        return Tokens.password(settings.issuer(), user, Tokens.DEMO_PASSWORD);
    }

    private String createThread(String token, String recipient, String subject, String category, String body) {
        var json = post(token, "/api/v1/threads", Map.of("recipient", recipient, "subject", subject,
                "category", category, "priority", "routine", "body", body));
        return json.get("id").toString();
    }

    private void reply(String token, String threadId, String body) {
        post(token, "/api/v1/threads/" + threadId + "/messages", Map.of("body", body));
    }

    private Map<?, ?> post(String token, String path, Map<String, String> body) {
        try {
            var response = Http.send(HttpRequest.newBuilder(URI.create(settings.url(StackSettings.Port.GATEWAY) + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
            if (response.statusCode() != 201) {
                throw new StackException("demo data: POST " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
