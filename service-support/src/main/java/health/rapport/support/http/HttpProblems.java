package health.rapport.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.support.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem details for the errors that happen before a request reaches a resource, where JAX-RS exception mappers
 * never see them: a bearer token that fails verification (proactive authentication rejects it in the HTTP layer,
 * 401), and a body above {@code quarkus.http.limits.max-body-size} (413), refused up front when its length is
 * declared and while it is read when it is sent in chunks.
 */
@ApplicationScoped
public class HttpProblems {

    private final ObjectMapper mapper;

    public HttpProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        long max = limit.asLongValue();
        // A body of undeclared length (HTTP/1.1 chunks, HTTP/2 frames) is read here, up to the limit, so that going over it is a failure this class answers;
        // Quarkus REST then takes the body already read instead of streaming it.
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(max);
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            long declared = declaredLength(context);
            if (declared > max) {
                context.response().putHeader("Connection", "close");
                tooLarge(context, "the request body has " + declared + " bytes; at most " + max + " are accepted", max);
            } else if (declared < 0 && carriesBody(context.request().method()) && !context.request().isEnded()) {
                chunkedBodies.handle(context);
            } else {
                context.next();
            }
        });
        router.route().failureHandler(context -> {
            if (context.failure() instanceof AuthenticationFailedException) {
                context.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                respond(context, new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401,
                        "the bearer token is not valid here (expired, not yet valid, wrongly signed, or for another"
                                + " issuer or audience)", context.request().path(), List.of()));
            } else if (context.statusCode() == 413) {
                tooLarge(context, "the request body is larger than the " + max + " bytes accepted", max);
            } else {
                context.next();
            }
        });
    }

    private void tooLarge(RoutingContext context, String detail, long max) {
        respond(context, new Problem(Problem.TYPE_BASE + "payload-too-large", "Payload too large", 413, detail,
                context.request().path(), List.of(new Problem.FieldError("(body)", "is larger than " + max + " bytes"))));
    }

    private void respond(RoutingContext context, Problem problem) {
        if (context.response().ended()) {
            return;
        }
        try {
            context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(problem.status()).end();
        }
    }

    private static boolean carriesBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    private static long declaredLength(RoutingContext context) {
        String declared = context.request().getHeader("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
