package health.rapport.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A named set of path prefixes owned by one upstream, with who may call it, how long it may take and how often. */
public record Route(String name, List<String> prefixes, String upstream, Set<String> roles, Duration timeout,
        Optional<GatewayConfig.BucketConfig> subjectLimit, Optional<GatewayConfig.BucketConfig> ipLimit) {

    public boolean owns(String path) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
                return true;
            }
        }
        return false;
    }
}
