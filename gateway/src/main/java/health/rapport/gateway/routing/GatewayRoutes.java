package health.rapport.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Routes portal calls to the services with Vert.x's reverse proxy: non-blocking end to end, bodies streamed
 * rather than buffered, the Authorization header passed on so each service checks the token again. The
 * security layer has already rejected calls without a valid token before a route runs.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    /** A path prefix and the service that owns it. */
    public record Route(String prefix, String service, URI upstream) {
        String pathRegex() {
            return java.util.regex.Pattern.quote(prefix) + "(/.*)?";
        }
    }

    private final List<Route> routes;
    private final Duration connectTimeout;
    private final Duration upstreamTimeout;

    public GatewayRoutes(
            @ConfigProperty(name = "rapport.gateway.upstream.message-service") URI messageService,
            @ConfigProperty(name = "rapport.gateway.upstream.engagement-service") URI engagementService,
            @ConfigProperty(name = "rapport.gateway.upstream.notification-service") URI notificationService,
            @ConfigProperty(name = "rapport.gateway.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "rapport.gateway.upstream-timeout") Duration upstreamTimeout) {
        this.routes = List.of(
                new Route("/api/v1/threads", "message-service", messageService),
                new Route("/api/v1/engagement", "engagement-service", engagementService),
                new Route("/api/v1/nudges", "notification-service", notificationService),
                new Route("/api/v1/nudge-policy", "notification-service", notificationService));
        this.connectTimeout = connectTimeout;
        this.upstreamTimeout = upstreamTimeout;
    }

    public List<Route> routes() {
        return routes;
    }

    void install(@Observes Router router, Vertx vertx) {
        for (Route route : routes) {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setConnectTimeout((int) connectTimeout.toMillis())
                    .setIdleTimeout((int) upstreamTimeout.toSeconds())
                    .setKeepAlive(true)
                    .setMaxPoolSize(64));
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .origin(port(route.upstream()), route.upstream().getHost())
                    .addInterceptor(FORWARDED_HEADERS);
            router.routeWithRegex(route.pathRegex()).handler(context -> proxy.handle(context.request()));
            LOG.infof("route %s/** -> %s (%s)", route.prefix(), route.service(), route.upstream());
        }
    }

    /**
     * Tells the service the address the portal used, so that the links it builds (a {@code Location} header) point
     * at the gateway, not at the service. Services trust these headers only from the gateway's network.
     */
    static final ProxyInterceptor FORWARDED_HEADERS = new ProxyInterceptor() {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            HttpServerRequest original = context.request().proxiedRequest();
            MultiMap headers = context.request().headers();
            HostAndPort authority = original.authority();
            if (authority != null) {
                headers.set("X-Forwarded-Host", authority.toString());
            }
            headers.set("X-Forwarded-Proto", original.scheme() == null ? "http" : original.scheme());
            if (original.remoteAddress() != null) {
                headers.set("X-Forwarded-For", original.remoteAddress().hostAddress());
            }
            return context.sendRequest();
        }
    };

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
