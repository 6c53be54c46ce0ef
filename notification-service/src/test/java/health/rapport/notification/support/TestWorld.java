package health.rapport.notification.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The tests' handle on {@link NotificationTestResources}' servers (SMTP, the Keycloak subset, the webhook receiver),
 * through its control endpoints: the resource runs in another class loader, so its static state is out of reach.
 */
public final class TestWorld {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestWorld() {
    }

    /** A clinician in the directory; null values leave the attribute out. */
    public static void clinician(String id, String email, String timeZone, String supervisor, String channels,
            String organization) {
        Map<String, String> c = new HashMap<>();
        c.put("id", id);
        c.put("email", email);
        c.put("timeZone", timeZone);
        c.put("supervisor", supervisor);
        c.put("channels", channels);
        c.put("organization", organization);
        try {
            call("clinician", JSON.writeValueAsString(c));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void smtpUp(boolean up) {
        call("smtp?up=" + up, null);
    }

    /** Mails received for the address: subject, raw, nudgeId, text, html. */
    public static List<Map<String, String>> mailTo(String address) {
        return read(call("mail?to=" + encode(address), null), new TypeReference<>() { });
    }

    public static void webhookAnswers(int status) {
        call("webhook-status?status=" + status, null);
    }

    /** Webhook requests whose body names the clinician: at, signature, body. */
    public static List<Map<String, String>> webhookCalls(String clinicianId) {
        return read(call("webhook-calls?clinician=" + encode(clinicianId), null), new TypeReference<>() { });
    }

    public static int userSearches() {
        Map<String, Integer> count = read(call("user-searches", null), new TypeReference<>() { });
        return count.get("count");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static <T> T read(String body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String call(String path, String body) {
        String base = ConfigProvider.getConfig().getValue(NotificationTestResources.WORLD_URL, String.class);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("test world answered " + response.statusCode() + " to " + path);
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
