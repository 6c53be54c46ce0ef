package health.rapport.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import health.rapport.gateway.routing.GatewayConfig.BucketConfig;
import health.rapport.gateway.routing.Route;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Token buckets per route and caller (Bucket4j), held in this replica's memory. Buckets of callers who went quiet
 * are dropped after ten minutes (a dropped bucket comes back full, which is what it would have refilled to), and
 * at most {@value #MAX_BUCKETS} are kept, so a flood of new addresses cannot exhaust the heap.
 */
@ApplicationScoped
public class RateLimits {

    static final int MAX_BUCKETS = 200_000;

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(MAX_BUCKETS)
            .build();

    /** Seconds to wait when this call is over the route's limit for the caller, empty when it may go on. */
    public OptionalLong bySubject(Route route, String subject) {
        return route.subjectLimit().map(limit -> take("s|" + route.name() + "|" + subject, limit))
                .orElse(OptionalLong.empty());
    }

    public OptionalLong byAddress(Route route, String address) {
        return route.ipLimit().map(limit -> take("a|" + route.name() + "|" + address, limit))
                .orElse(OptionalLong.empty());
    }

    private OptionalLong take(String key, BucketConfig limit) {
        Bucket bucket = buckets.get(key, ignored -> Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity())
                        .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        // Retry-After is in whole seconds; round up so a client that waits exactly that long gets through
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }
}
