package health.rapport.support.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code outbox}: DOWN once the oldest unpublished event is older than
 * {@code rapport.outbox.readiness.max-lag} (default 5 minutes; {@code 0} turns the check into report-only).
 *
 * <p>The trade-off: the outbox is shared by all replicas, so every replica turns unready together and the
 * service stops taking traffic. A short threshold would turn a brief Kafka outage, which the outbox exists to
 * ride out, into an API outage; a long one hides a stuck relay. Five minutes rides out broker restarts and
 * leader elections while making a relay that is truly stuck (Kafka gone, ACLs revoked, a hung replica holding
 * the relay lock) visible in the deployment's status and alerts. Alert on the metric {@code rapport_outbox_lag_seconds}
 * well before that.
 */
@Readiness
@ApplicationScoped
public class OutboxReadiness implements HealthCheck {

    private final OutboxLag lag;
    private final Duration maxLag;

    public OutboxReadiness(OutboxLag lag,
            @ConfigProperty(name = "rapport.outbox.readiness.max-lag", defaultValue = "5m") Duration maxLag) {
        this.lag = lag;
        this.maxLag = maxLag;
    }

    @Override
    public HealthCheckResponse call() {
        OutboxLag.Snapshot snapshot = lag.snapshot();
        Duration current = snapshot.lagAt(Instant.now());
        boolean up = maxLag.isZero() || current.compareTo(maxLag) <= 0;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox").status(up)
                .withData("backlog", snapshot.backlog())
                .withData("lagSeconds", current.toSeconds())
                .withData("maxLagSeconds", maxLag.toSeconds())
                .withData("measuredAt", snapshot.measuredAt().toString());
        snapshot.lastPublishedAt().ifPresent(at -> response.withData("lastPublishedAt", at.toString()));
        return response.build();
    }
}
