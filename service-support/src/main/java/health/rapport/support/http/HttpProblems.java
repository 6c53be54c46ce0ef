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
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.InvalidAlgorithmException;

/**
 * Problem details for the errors that happen before a request reaches a resource, where JAX-RS exception mappers
 * never see them: a bearer token that fails verification (proactive authentication rejects it in the HTTP layer,
 * 401, with the reason: expired, not valid yet, another issuer or audience, a signature or algorithm that does not
 * verify, not a JWT), what the router refuses itself (400, 404, 405), and a body above {@code quarkus.http.limits.max-body-size} (413), refused up front when its length is
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
            if (!wellFormedOrigin(context)) {
                respond(context, new Problem(Problem.TYPE_BASE + "http-400", "Bad request", 400,
                        "the Host or forwarded host, or the forwarded scheme, is malformed", safePath(context),
                        List.of()));
            } else if (declared > max) {
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
                        reason(context.failure()), context.request().path(), List.of()));
            } else if (context.statusCode() == 413) {
                tooLarge(context, "the request body is larger than the " + max + " bytes accepted", max);
            } else {
                context.next();
            }
        });
        // What the router itself refuses, before any resource (a malformed Host or forwarding header, no route,
        // a method no route takes): problem+json too, never Vert.x's plain text.
        router.errorHandler(400, context -> routerProblem(context, 400, "Bad request",
                "the request is malformed (request line, Host or forwarding headers)"));
        router.errorHandler(404, context -> routerProblem(context, 404, "Not found", "no resource at this path"));
        router.errorHandler(405, context -> routerProblem(context, 405, "Method not allowed",
                "the resource does not take this method"));
    }

    /**
     * Why a bearer token failed verification, in words a client can act on. Fixed texts only: jose4j's messages
     * quote the token's claims, which must not be echoed (nor logged).
     */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidJwtException jwt) {
                if (jwt.hasExpired()) {
                    return "the bearer token has expired";
                }
                if (jwt.hasErrorCode(ErrorCodes.NOT_YET_VALID) || jwt.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                    return "the bearer token is not valid yet (nbf or iat lies in the future)";
                }
                if (jwt.hasErrorCode(ErrorCodes.ISSUER_INVALID) || jwt.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "the bearer token was issued by another issuer than realm rapport";
                }
                if (jwt.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return "the bearer token is for another audience than rapport";
                }
                if (jwt.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || jwt.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return "the bearer token's signature does not verify with the realm's keys";
                }
                if (jwt.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                    return "the bearer token has no expiry (exp)";
                }
            }
            if (t instanceof InvalidAlgorithmException) {
                return "the bearer token's signature algorithm is not accepted (signatures must be RS256, PS256"
                        + " or ES256 with the realm's keys; 'none' and HMAC are refused)";
            }
        }
        return "the bearer token is not a well-formed, verifiable JWT";
    }

    private void routerProblem(RoutingContext context, int status, String title, String detail) {
        respond(context, new Problem(Problem.TYPE_BASE + "http-" + status, title, status, detail,
                safePath(context), List.of()));
    }

    private static String safePath(RoutingContext context) {
        try {
            String path = context.request().path();
            return path == null ? null : path.length() > 200 ? path.substring(0, 200) : path;
        } catch (RuntimeException e) {
            return null;
        }
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

    /**
     * The origin links are built from: the Host header, or what a trusted proxy forwarded (X-Forwarded-Host,
     * X-Forwarded-Proto, Forwarded). A malformed one would otherwise fail deep in the resource, as a 500, when a
     * {@code Location} is built from it.
     */
    private static boolean wellFormedOrigin(RoutingContext context) {
        try {
            String scheme = context.request().scheme();
            if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
                return false;
            }
            var authority = context.request().authority();
            return authority == null || HOST.matcher(authority.host()).matches();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A DNS name, an IPv4 address or a bracketed IPv6 address. */
    private static final Pattern HOST = Pattern.compile("^([A-Za-z0-9\\-_.]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])$");

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
