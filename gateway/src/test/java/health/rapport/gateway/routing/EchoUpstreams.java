package health.rapport.gateway.routing;

import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three stand-in upstreams that answer with what they received (service name, method, path, headers, body), so
 * gateway tests can see exactly what was forwarded, plus a fourth upstream that is never listening (for the circuit
 * breaker and the health of a down service). Paths containing {@code /slow} answer after two seconds; each serves a
 * small {@code /q/openapi} and {@code /q/health/ready}. Test-only routes: {@code slow} (300 ms timeout),
 * {@code limited} (3 calls per subject, then one per second), {@code address-limited} (2 calls per address) and
 * {@code broken}. The real services behind the real gateway are exercised by the end-to-end suite.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    /**
     * The three services, and {@code overloaded-service}, which answers every call itself with a failure: 503 (its
     * own overload, which counts toward its circuit) or, under {@code .../errors}, 500 (which does not).
     */
    static final String[] SERVICES = {"message-service", "engagement-service", "notification-service",
            "overloaded-service"};
    private static final Map<String, String> PREFIX = Map.of("message-service", "/api/v1/threads",
            "engagement-service", "/api/v1/engagement", "notification-service", "/api/v1/nudges",
            "overloaded-service", "/api/v1/overloaded");

    /** Calls each stand-in received, by path without query: tests use it to prove a call was never forwarded. */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> RECEIVED = new java.util.concurrent.ConcurrentHashMap<>();

    private Vertx vertx;
    private boolean discovery;

    /** {@code oidc=discovery}: tokens are verified against {@link RotatingKeys}' JWKS, found by OIDC discovery. */
    @Override
    public void init(Map<String, String> initArgs) {
        discovery = "discovery".equals(initArgs.get("oidc"));
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>(discovery ? RotatingKeys.start(vertx) : TestTokens.verificationConfig());
        for (String service : SERVICES) {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> answer(service, request));
            try {
                server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.put("rapport.gateway.upstream." + service, "http://127.0.0.1:" + server.actualPort());
        }
        config.put("rapport.gateway.upstream.broken-service", "http://127.0.0.1:" + closedPort());
        route(config, "overloaded", "/api/v1/overloaded", "overloaded-service", "patient");
        route(config, "slow", "/api/v1/slow", "message-service", "patient");
        config.put("rapport.gateway.route.slow.timeout", "300ms");
        route(config, "limited", "/api/v1/limited", "message-service", "patient");
        config.put("rapport.gateway.route.limited.rate-limit.subject.capacity", "3");
        config.put("rapport.gateway.route.limited.rate-limit.subject.per-second", "1");
        route(config, "address-limited", "/api/v1/address-limited", "message-service", "patient");
        config.put("rapport.gateway.route.address-limited.rate-limit.ip.capacity", "2");
        config.put("rapport.gateway.route.address-limited.rate-limit.ip.per-second", "1");
        route(config, "broken", "/api/v1/broken", "broken-service", "patient");
        config.put("rapport.gateway.circuit-breaker.failures", "3");
        config.put("rapport.gateway.circuit-breaker.open-for", "30s");
        config.put("rapport.gateway.max-body-size", "64K");
        return config;
    }

    private static void route(Map<String, String> config, String name, String prefix, String upstream, String roles) {
        config.put("rapport.gateway.route." + name + ".prefixes", prefix);
        config.put("rapport.gateway.route." + name + ".upstream", upstream);
        config.put("rapport.gateway.route." + name + ".roles", roles);
    }

    private void answer(String service, HttpServerRequest request) {
        if (request.path().equals("/q/health/ready")) {
            request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}");
            return;
        }
        if (request.path().equals("/q/openapi")) {
            request.response().putHeader("Content-Type", "application/json").end(openApi(service).encode());
            return;
        }
        RECEIVED.computeIfAbsent(request.path(), ignored -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        if (service.equals("overloaded-service")) {
            int status = request.path().endsWith("/errors") ? 500 : 503;
            request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                    .putHeader("X-Upstream", service)
                    .end(new JsonObject().put("status", status).put("title", "the upstream's own answer").encode());
            return;
        }
        request.body().onSuccess(body -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
            String echo = new JsonObject()
                    .put("service", service)
                    .put("method", request.method().name())
                    .put("path", request.uri())
                    .put("authorization", request.getHeader("Authorization"))
                    .put("forwardedHost", request.getHeader("X-Forwarded-Host"))
                    .put("headers", headers)
                    .put("body", body.toString())
                    .encode();
            long delay = request.path().contains("/slow") ? 2_000 : 0;
            Runnable respond = () -> request.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Upstream", service)
                    .putHeader("Connection", "keep-alive, X-Hop")
                    .putHeader("X-Hop", "must not pass")
                    .end(echo);
            if (delay > 0) {
                vertx.setTimer(delay, ignored -> respond.run());
            } else {
                respond.run();
            }
        });
    }

    /** A document with this service's path, a component every service shares unchanged, and one they disagree on. */
    static JsonObject openApi(String service) {
        String prefix = PREFIX.get(service);
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "Rapport " + service).put("version", "1"))
                .put("tags", new JsonArray().add(new JsonObject().put("name", service)))
                .put("paths", new JsonObject()
                        .put(prefix, new JsonObject().put("get", new JsonObject()
                                .put("operationId", service + "-list")
                                .put("responses", new JsonObject().put("200", new JsonObject()
                                        .put("description", "ok")
                                        .put("content", new JsonObject().put("application/json", new JsonObject()
                                                .put("schema", new JsonObject()
                                                        .put("$ref", "#/components/schemas/Item")))))
                                        .put("400", new JsonObject().put("$ref", "#/components/responses/Problem")))))
                        .put("/internal/" + service, new JsonObject().put("get", new JsonObject()
                                .put("responses", new JsonObject()))))
                .put("components", new JsonObject()
                        .put("schemas", new JsonObject()
                                .put("Item", new JsonObject().put("type", "object").put("title", service + " item"))
                                .put("Problem", new JsonObject().put("type", "object")))
                        .put("responses", new JsonObject()
                                .put("Problem", new JsonObject().put("description", "a problem"))));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
