package health.rapport.notification.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.events.NudgeChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * An HTTP POST of the nudge as JSON to the organisation's webhook, signed ({@link WebhookSignature}). Any 2xx is
 * delivered; anything else, or no answer within 10 s, is a failed attempt that the worker retries with back-off.
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    private final WebClient client;
    private final WebhookTargets targets;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookChannel(Vertx vertx, WebhookTargets targets, ObjectMapper json, Clock clock) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000));
        this.targets = targets;
        this.json = json;
        this.clock = clock;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public NudgeChannel kind() {
        return NudgeChannel.WEBHOOK;
    }

    @Override
    public Uni<Void> send(NudgeMessage message, String organization) {
        WebhookTargets.Target target = targets.target(organization).orElse(null);
        if (target == null) {
            return Uni.createFrom().failure(new IllegalStateException("no webhook configured for organisation "
                    + organization));
        }
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        long timestamp = clock.instant().getEpochSecond();
        return client.postAbs(target.url())
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.HEADER, WebhookSignature.header(target.secret(), timestamp, body))
                .timeout(10_000)
                .sendBuffer(Buffer.buffer(body))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("webhook answered HTTP " + response.statusCode());
                    }
                    return null;
                });
    }
}
