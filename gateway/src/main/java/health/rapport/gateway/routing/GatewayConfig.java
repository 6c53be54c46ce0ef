package health.rapport.gateway.routing;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gateway's settings: upstreams by service name, routes by name, and the limits that apply to every call. */
@ConfigMapping(prefix = "rapport.gateway")
public interface GatewayConfig {

    /** Base URL of each service, by service name. */
    Map<String, URI> upstream();

    /** Routes by name; a route owns its path prefixes and says who may call them and how hard. */
    Map<String, RouteConfig> route();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Bodies above this are refused with 413, whether their length is declared or they come in chunks. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** Connections kept per upstream. */
    @WithDefault("64")
    int maxConnectionsPerUpstream();

    CircuitBreakerConfig circuitBreaker();

    OpenApiConfig openapi();

    interface OpenApiConfig {
        /** How long the merged document is served before the upstreams' documents are read again. */
        @WithDefault("60s")
        Duration cacheFor();
    }

    interface RouteConfig {
        /** Path prefixes; a prefix matches itself and anything below it, never {@code prefixX}. */
        List<String> prefixes();

        /** The service name, a key of {@link GatewayConfig#upstream()}. */
        String upstream();

        /** Realm roles allowed on this route (any of them); the service still checks roles and ownership itself. */
        List<String> roles();

        /** Time allowed for the upstream to answer (and between chunks of its answer); 504 after it. */
        @WithDefault("30s")
        Duration timeout();

        /** Token bucket per token subject; checked after authentication. */
        @WithName("rate-limit.subject")
        Optional<BucketConfig> subjectLimit();

        /** Token bucket per client IP; checked before authentication, so floods of bad tokens are limited too. */
        @WithName("rate-limit.ip")
        Optional<BucketConfig> ipLimit();
    }

    interface BucketConfig {
        /** The burst: how many calls a full bucket allows at once. */
        long capacity();

        /** Calls added back per second. */
        long perSecond();
    }

    interface CircuitBreakerConfig {
        /** Failures (unreachable, timed out, or 5xx answers) in a row that open the circuit. */
        @WithDefault("5")
        int failures();

        /** How long an open circuit refuses calls before one trial call is let through. */
        @WithDefault("10s")
        Duration openFor();
    }
}
