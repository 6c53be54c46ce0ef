package health.rapport.gateway.routing;

import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three stand-in upstreams that answer with what they received (service name, method, path, the Authorization
 * header, the body), so routing tests can see exactly what the gateway forwarded. The real services behind the
 * real gateway are exercised by the end-to-end suite.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>(TestTokens.verificationConfig());
        for (String service : new String[] {"message-service", "engagement-service", "notification-service"}) {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
                    request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                            .end(new JsonObject()
                                    .put("service", service)
                                    .put("method", request.method().name())
                                    .put("path", request.uri())
                                    .put("authorization", request.getHeader("Authorization"))
                                    .put("forwardedHost", request.getHeader("X-Forwarded-Host"))
                                    .put("body", body.toString())
                                    .encode())));
            try {
                server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.put("rapport.gateway.upstream." + service, "http://127.0.0.1:" + server.actualPort());
        }
        return config;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
