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
 * Demo data as it would arrive in production: the EHR publishes the encounters that put the demo patients in
 * their clinicians' care (message-service learns its directory from them), then portal users create threads
 * through the gateway. Once per local data folder, so that
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
        publishEncounters(Map.of("enc-demo-alice-bob", new String[] {"pat-alice", "prac-bob"},
                "enc-demo-ben-bob", new String[] {"pat-ben", "prac-bob"},
                "enc-demo-ben-carol", new String[] {"pat-ben", "prac-carol"}));
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

    private void publishEncounters(Map<String, String[]> encounters) {
        CareEncounters.publish(settings.kafkaBootstrap(), CareEncounters.visits(encounters));
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

    /** Retries while message-service has not yet learnt the people from the encounters (403/422). */
    private Map<?, ?> post(String token, String path, Map<String, String> body) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                return postOnce(token, path, body);
            } catch (NotYetKnown e) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("demo data: POST " + path + " still answered " + e.getMessage()
                            + " after 90 s; is message-service consuming ehr.encounters.v1?");
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted");
                }
            }
        }
    }

    private static final class NotYetKnown extends RuntimeException {
        NotYetKnown(String status) {
            super(status, null, false, false);
        }
    }

    private Map<?, ?> postOnce(String token, String path, Map<String, String> body) {
        try {
            var response = Http.send(HttpRequest.newBuilder(URI.create(settings.url(StackSettings.Port.GATEWAY) + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
            if (response.statusCode() == 403 || response.statusCode() == 422) {
                throw new NotYetKnown(Integer.toString(response.statusCode()));
            }
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
