package health.rapport.notification.channel;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Webhooks per organisation, from configuration: {@code rapport.notification.webhook.<organisation>.url} and
 * {@code .secret} (environment {@code RAPPORT_NOTIFICATION_WEBHOOK_<ORGANISATION>_URL} / {@code _SECRET}). A
 * clinician's organisation is their directory attribute {@code organization}, {@code default} when missing.
 */
@ApplicationScoped
public class WebhookTargets {

    public record Target(String url, String secret) {
    }

    private final Config config;

    public WebhookTargets(Config config) {
        this.config = config;
    }

    public boolean configured(String organization) {
        return target(organization).isPresent();
    }

    public Optional<Target> target(String organization) {
        String prefix = "rapport.notification.webhook." + organization + ".";
        Optional<String> url = config.getOptionalValue(prefix + "url", String.class).filter(u -> !u.isBlank());
        Optional<String> secret = config.getOptionalValue(prefix + "secret", String.class).filter(s -> !s.isBlank());
        return url.isPresent() && secret.isPresent() ? Optional.of(new Target(url.get(), secret.get())) : Optional.empty();
    }
}
