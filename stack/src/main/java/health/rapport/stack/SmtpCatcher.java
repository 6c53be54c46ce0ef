package health.rapport.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A real SMTP server (GreenMail) that keeps every mail it receives, with a small read-only web API so people
 * and tests can see what was sent: {@code GET /api/messages}, {@code DELETE /api/messages}, {@code GET /health}.
 * Arguments: SMTP port, API port.
 */
public final class SmtpCatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SmtpCatcher() {
    }

    public static void main(String[] args) throws Exception {
        int smtpPort = Integer.parseInt(args[0]);
        int apiPort = Integer.parseInt(args[1]);
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, StackSettings.HOST, ServerSetup.PROTOCOL_SMTP));
        mail.start();
        HttpServer api = HttpServer.create(new InetSocketAddress(StackSettings.HOST, apiPort), 0);
        api.createContext("/health", exchange -> respond(exchange, 200, Map.of("status", "UP")));
        api.createContext("/api/messages", exchange -> {
            try {
                switch (exchange.getRequestMethod()) {
                    case "GET" -> respond(exchange, 200, describe(mail.getReceivedMessages()));
                    case "DELETE" -> {
                        mail.purgeEmailFromAllMailboxes();
                        respond(exchange, 204, null);
                    }
                    default -> respond(exchange, 405, Map.of("title", "method not allowed"));
                }
            } catch (Exception e) {
                respond(exchange, 500, Map.of("title", String.valueOf(e.getMessage())));
            }
        });
        api.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.stop(0);
            mail.stop();
            stopped.countDown();
        }));
        System.out.println("smtp ready on port " + smtpPort + ", web API on port " + apiPort);
        stopped.await();
    }

    private static List<Map<String, Object>> describe(MimeMessage[] messages) throws MessagingException {
        List<Map<String, Object>> result = new ArrayList<>();
        for (MimeMessage message : messages) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("messageId", message.getMessageID());
            entry.put("from", addresses(message.getFrom()));
            entry.put("to", addresses(message.getAllRecipients()));
            entry.put("subject", message.getSubject());
            entry.put("receivedAt", message.getReceivedDate() == null ? null : message.getReceivedDate().toInstant().toString());
            entry.put("raw", GreenMailUtil.getWholeMessage(message));
            result.add(entry);
        }
        return result;
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
