package health.rapport.gateway.routing;

import java.util.Map;

/** The stand-ins' service-to-prefix table, for tests in other packages. */
public final class EchoUpstreamsAccess {

    private EchoUpstreamsAccess() {
    }

    public static Map<String, String> prefixes() {
        return Map.of("message-service", "/api/v1/threads", "engagement-service", "/api/v1/engagement",
                "notification-service", "/api/v1/nudges");
    }
}
