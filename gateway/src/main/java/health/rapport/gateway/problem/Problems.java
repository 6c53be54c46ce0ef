package health.rapport.gateway.problem;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * RFC 9457 problem details for every error the gateway answers itself, shaped like the services' problems
 * ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, {@code errors[{field, reason}]}),
 * so a portal parses one format whoever refused the call.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://rapport.health/problems/";

    private Problems() {
    }

    /** Answers with a problem unless a response is already under way; the request body is discarded unread. */
    public static void respond(RoutingContext context, int status, String slug, String title, String detail,
            String field, String reason) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.headWritten()) {
            if (!response.ended()) {
                response.reset();
            }
            return;
        }
        JsonObject problem = new JsonObject()
                .put("type", TYPE_BASE + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", context.request().path());
        if (field != null) {
            problem.put("errors", new JsonArray().add(new JsonObject().put("field", field).put("reason", reason)));
        }
        if (!context.request().isEnded()) {
            // an unread body would otherwise hold the connection; a client still sending it gets the answer early
            context.request().resume();
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(problem.encode());
    }

    public static void respond(RoutingContext context, int status, String slug, String title, String detail) {
        respond(context, status, slug, title, detail, null, null);
    }
}
