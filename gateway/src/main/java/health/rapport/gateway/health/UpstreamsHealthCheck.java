package health.rapport.gateway.health;

import health.rapport.gateway.routing.Upstreams;
import health.rapport.gateway.routing.Upstreams.Upstream;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Each upstream's readiness and circuit, in {@code /q/health} (and {@code /q/health/well}). A wellness check, not a
 * readiness check: one service being down must not take the gateway out of the load balancer, because the
 * gateway still serves the other routes and answers this one with a clear 503.
 */
@Wellness
@ApplicationScoped
public class UpstreamsHealthCheck implements AsyncHealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Upstreams upstreams;

    public UpstreamsHealthCheck(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    record Probe(Upstream upstream, String state) {
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Future<Probe>> probes = new ArrayList<>();
        for (Upstream upstream : upstreams.all()) {
            probes.add(probe(upstream));
        }
        return Uni.createFrom().completionStage(Future.join(probes).toCompletionStage())
                .onFailure().recoverWithNull()
                .map(ignored -> {
                    HealthCheckResponseBuilder builder = HealthCheckResponse.named("upstreams").up();
                    for (Future<Probe> future : probes) {
                        Probe probe = future.result();
                        builder.withData(probe.upstream().name(), probe.state());
                        builder.withData(probe.upstream().name() + ".circuit", probe.upstream().breaker().state().name());
                        if (!"UP".equals(probe.state())) {
                            builder.down();
                        }
                    }
                    return builder.build();
                });
    }

    private Future<Probe> probe(Upstream upstream) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(upstream.host())
                .setPort(upstream.port()).setSsl(upstream.secure()).setURI("/q/health/ready")
                .setIdleTimeout(PROBE_TIMEOUT.toMillis());
        return upstream.client().request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .map(status -> new Probe(upstream, status == 200 ? "UP" : "DOWN (ready answered " + status + ")"))
                .otherwise(failure -> new Probe(upstream, "DOWN (" + failure.getClass().getSimpleName() + ")"));
    }
}
