package health.rapport.gateway.routing;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.TreeMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** One HTTP client (keep-alive pool) and one circuit breaker per service behind the gateway. */
@ApplicationScoped
public class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    /** A service: where it is, the pool of connections to it, and whether it is currently given calls. */
    public record Upstream(String name, URI url, HttpClient client, CircuitBreaker breaker) {
        public String host() {
            return url.getHost();
        }

        public int port() {
            return url.getPort() > 0 ? url.getPort() : secure() ? 443 : 80;
        }

        public boolean secure() {
            return "https".equals(url.getScheme());
        }
    }

    private final Map<String, Upstream> upstreams = new TreeMap<>();

    public Upstreams(Vertx vertx, GatewayConfig config) {
        config.upstream().forEach((name, url) -> {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setKeepAlive(true)
                    .setMaxPoolSize(config.maxConnectionsPerUpstream())
                    .setSsl("https".equals(url.getScheme()))
                    .setDecompressionSupported(false));
            CircuitBreaker breaker = CircuitBreaker.create("upstream-" + name, vertx, new CircuitBreakerOptions()
                            .setMaxFailures(config.circuitBreaker().failures())
                            .setResetTimeout(config.circuitBreaker().openFor().toMillis())
                            // the forwarder times calls out itself (per route), so the breaker must not
                            .setTimeout(-1))
                    .openHandler(ignored -> LOG.warnf("circuit of %s opened: calls get 503 for %s", name,
                            config.circuitBreaker().openFor()))
                    .halfOpenHandler(ignored -> LOG.infof("circuit of %s half open: one trial call", name))
                    .closeHandler(ignored -> LOG.infof("circuit of %s closed", name));
            upstreams.put(name, new Upstream(name, url, client, breaker));
        });
    }

    public Upstream get(String name) {
        Upstream upstream = upstreams.get(name);
        if (upstream == null) {
            throw new IllegalArgumentException("no upstream " + name);
        }
        return upstream;
    }

    public Iterable<Upstream> all() {
        return upstreams.values();
    }

    @PreDestroy
    void close() {
        upstreams.values().forEach(upstream -> {
            upstream.breaker().close();
            upstream.client().close();
        });
    }
}
