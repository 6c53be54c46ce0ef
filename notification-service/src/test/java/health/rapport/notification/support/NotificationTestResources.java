package health.rapport.notification.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outside world of notification-service in its tests, all real servers on free ports:
 * <ul>
 *   <li>a GreenMail SMTP server (stopped and started again by tests for "SMTP down");</li>
 *   <li>a small HTTP server speaking the subset of Keycloak's API the directory calls: the token endpoint
 *       (client credentials, checked) and the admin user search {@code GET /admin/realms/rapport/users?q=fhirUser:...}
 *       (bearer token checked). The real Keycloak path is covered by the e2e suite;</li>
 *   <li>a webhook receiver that records every request and answers the status a test sets.</li>
 * </ul>
 * The test classes run in another class loader than this resource, so static state here is not theirs: they reach
 * these servers through {@link TestWorld} and the control endpoints under {@code /test/}.
 */
public class NotificationTestResources implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "notification-service";
    public static final String CLIENT_SECRET = "test-directory-secret";
    public static final String WEBHOOK_ORG = "acme";
    public static final String WEBHOOK_SECRET = "test-webhook-secret";
    /** The property naming the base URL of the control endpoints, for {@link TestWorld}. */
    public static final String WORLD_URL = "rapport.test.world-url";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, Object>> USERS = new ConcurrentHashMap<>();
    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger SEARCHES = new AtomicInteger();
    private static final List<WebhookCall> WEBHOOK_CALLS = new CopyOnWriteArrayList<>();
    private static volatile int webhookStatus = 200;

    private static GreenMail mail;
    private static int smtpPort;
    private HttpServer http;

    public record WebhookCall(Instant at, String signature, String body) {
    }

    @Override
    public Map<String, String> start() {
        smtpPort = freePort();
        startSmtp();
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        http.createContext("/realms/rapport/protocol/openid-connect/token", NotificationTestResources::token);
        http.createContext("/admin/realms/rapport/users", NotificationTestResources::users);
        http.createContext("/hook", NotificationTestResources::hook);
        http.createContext("/test/", NotificationTestResources::control);
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtpPort));
        config.put("rapport.directory.url", base);
        config.put("rapport.directory.client-id", CLIENT_ID);
        config.put("rapport.directory.client-secret", CLIENT_SECRET);
        config.put("rapport.directory.cache-ttl", "PT2S");
        config.put("rapport.notification.webhook." + WEBHOOK_ORG + ".url", base + "/hook");
        config.put("rapport.notification.webhook." + WEBHOOK_ORG + ".secret", WEBHOOK_SECRET);
        config.put("rapport.notification.portal-url", "https://portal.rapport.test/");
        config.put(WORLD_URL, base + "/test/");
        return config;
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
        stopSmtp();
    }

    /** Control endpoints for the tests (which run in another class loader), under {@code /test/}. */
    private static void control(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/test/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        switch (path) {
            case "clinician" -> {
                @SuppressWarnings("unchecked")
                Map<String, String> c = JSON.readValue(body, Map.class);
                addClinician(c.get("id"), c.get("email"), c.get("timeZone"), c.get("supervisor"), c.get("channels"),
                        c.get("organization"));
                respond(exchange, 200, Map.of());
            }
            case "smtp" -> {
                if (Boolean.parseBoolean(query.get("up"))) {
                    startSmtp();
                } else {
                    stopSmtp();
                }
                respond(exchange, 200, Map.of());
            }
            case "mail" -> respond(exchange, 200, describe(query.get("to")));
            case "webhook-status" -> {
                webhookAnswers(Integer.parseInt(query.get("status")));
                respond(exchange, 200, Map.of());
            }
            case "webhook-calls" -> respond(exchange, 200, webhookCalls(query.get("clinician")).stream()
                    .map(call -> Map.of("at", call.at().toString(), "signature", String.valueOf(call.signature()),
                            "body", call.body())).toList());
            case "user-searches" -> respond(exchange, 200, Map.of("count", userSearches()));
            default -> respond(exchange, 404, Map.of());
        }
    }

    /** Subject, recipients, decoded text and HTML parts and the whole raw message of each mail to the address. */
    private static List<Map<String, String>> describe(String address) {
        List<Map<String, String>> result = new ArrayList<>();
        for (MimeMessage message : mailTo(address)) {
            try {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("subject", message.getSubject());
                entry.put("raw", com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(message));
                entry.put("nudgeId", String.valueOf(message.getHeader("X-Rapport-Nudge", null)));
                collect(message, entry);
                result.add(entry);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    private static void collect(jakarta.mail.Part part, Map<String, String> entry) throws Exception {
        if (part.isMimeType("text/plain")) {
            entry.merge("text", String.valueOf(part.getContent()), String::concat);
        } else if (part.isMimeType("text/html")) {
            entry.merge("html", String.valueOf(part.getContent()), String::concat);
        } else if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), entry);
            }
        }
    }

    // --- SMTP

    public static synchronized void startSmtp() {
        if (mail == null) {
            mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
        }
    }

    public static synchronized void stopSmtp() {
        if (mail != null) {
            mail.stop();
            mail = null;
        }
    }

    /** Every address that has received at least one message so far (one pass over the mailbox). */
    public static java.util.Set<String> recipients() {
        GreenMail current = mail;
        java.util.Set<String> result = new java.util.HashSet<>();
        if (current != null) {
            for (MimeMessage message : current.getReceivedMessages()) {
                try {
                    for (jakarta.mail.Address to : message.getAllRecipients()) {
                        result.add(to.toString());
                    }
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return result;
    }

    /** Every message received so far to this address. */
    public static List<MimeMessage> mailTo(String address) {
        GreenMail current = mail;
        if (current == null) {
            return List.of();
        }
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : current.getReceivedMessages()) {
            try {
                for (jakarta.mail.Address to : message.getAllRecipients()) {
                    if (to.toString().contains(address)) {
                        result.add(message);
                    }
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    // --- Keycloak

    /** A Keycloak user with {@code fhirUser = Practitioner/<clinicianId>} and the attributes the directory reads. */
    public static void addClinician(String clinicianId, String email, String timeZone, String supervisor,
            String channels, String organization) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("fhirUser", List.of("Practitioner/" + clinicianId));
        if (timeZone != null) {
            attributes.put("timeZone", List.of(timeZone));
        }
        if (supervisor != null) {
            attributes.put("supervisor", List.of("Practitioner/" + supervisor));
        }
        if (channels != null) {
            attributes.put("nudgeChannels", List.of(channels));
        }
        if (organization != null) {
            attributes.put("organization", List.of(organization));
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", UUID.randomUUID().toString());
        user.put("username", "user-" + clinicianId);
        user.put("enabled", true);
        if (email != null) {
            user.put("email", email);
        }
        user.put("attributes", attributes);
        USERS.put(clinicianId, user);
    }

    public static int userSearches() {
        return SEARCHES.get();
    }

    private static void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod()) || !"client_credentials".equals(form.get("grant_type"))
                || !CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            respond(exchange, 401, Map.of("error", "unauthorized_client"));
            return;
        }
        String token = "kc-" + UUID.randomUUID();
        TOKENS.add(token);
        respond(exchange, 200, Map.of("access_token", token, "expires_in", 300, "token_type", "Bearer"));
    }

    private static void users(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !TOKENS.contains(auth.substring(7))) {
            respond(exchange, 401, Map.of("error", "HTTP 401 Unauthorized"));
            return;
        }
        SEARCHES.incrementAndGet();
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String q = query.getOrDefault("q", "");
        List<Object> found = new ArrayList<>();
        if (q.startsWith("fhirUser:Practitioner/")) {
            Map<String, Object> user = USERS.get(q.substring("fhirUser:Practitioner/".length()));
            if (user != null) {
                found.add(user);
            }
        }
        respond(exchange, 200, found);
    }

    // --- webhook receiver

    public static void webhookAnswers(int status) {
        webhookStatus = status;
    }

    public static List<WebhookCall> webhookCalls(String clinicianId) {
        return WEBHOOK_CALLS.stream().filter(call -> call.body().contains("\"" + clinicianId + "\"")).toList();
    }

    private static void hook(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        WEBHOOK_CALLS.add(new WebhookCall(Instant.now(), exchange.getRequestHeaders().getFirst("Rapport-Signature"), body));
        respond(exchange, webhookStatus, Map.of());
    }

    // --- plumbing

    private static Map<String, String> form(String text) {
        if (text == null || text.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            String[] kv = pair.split("=", 2);
            result.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return result;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
