package health.rapport.gateway.routing;

import health.rapport.gateway.problem.Problems;
import health.rapport.gateway.ratelimit.RateLimits;
import health.rapport.gateway.tracing.RequestCorrelation;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The gateway's request path. Before authentication (so it also holds for calls with bad tokens): a request id
 * and trace context for every call, refusal of paths that could mean two things, the per-address rate limit.
 * After authentication (quarkus-oidc has already refused a missing or invalid token with 401): the route's
 * roles (403), the per-subject rate limit (429), the declared body size (413), then the upstream call.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    /** Before Quarkus' CORS (-300) and authentication (-200) filters. */
    static final int BEFORE_SECURITY = Integer.MIN_VALUE + 100;
    /**
     * Dot segments, encoded dots, slashes and backslashes, empty segments: the gateway and a service could resolve
     * them differently, and a route check on one reading would then let the call reach another resource.
     */
    /** After every route, including those other beans add (the merged OpenAPI document). */
    static final int NOT_ROUTED = 20_000;
    private static final Pattern AMBIGUOUS_PATH = Pattern.compile(
            "(?i).*(//|/\\.\\.?(/|$)|%2e|%2f|%5c|\\\\|%00|;).*");

    private final RouteTable table;
    private final Upstreams upstreams;
    private final UpstreamForwarder forwarder;
    private final RateLimits rateLimits;

    public GatewayRoutes(RouteTable table, Upstreams upstreams, UpstreamForwarder forwarder, RateLimits rateLimits) {
        this.table = table;
        this.upstreams = upstreams;
        this.forwarder = forwarder;
        this.rateLimits = rateLimits;
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_SECURITY).handler(this::beforeSecurity);
        for (Route route : table.routes()) {
            for (String prefix : route.prefixes()) {
                router.routeWithRegex(Pattern.quote(prefix) + "(/.*)?").handler(context -> toUpstream(context, route));
            }
            LOG.infof("route %s: %s -> %s (%s), roles %s, timeout %s", route.name(), route.prefixes(),
                    route.upstream(), upstreams.get(route.upstream()).url(), route.roles(), route.timeout());
        }
        router.route("/api/*").order(NOT_ROUTED).handler(context -> {
            if (context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
                Problems.respond(context, 404, "not-found", "Not found", "no service answers " + context.request().path());
            } else {
                unauthorized(context);
            }
        });
        router.route().failureHandler(this::securityFailure);
    }

    private void beforeSecurity(RoutingContext context) {
        HttpServerRequest request = context.request();
        String clientRequestId = request.getHeader(RequestCorrelation.REQUEST_ID);
        if (!RequestCorrelation.acceptable(clientRequestId)) {
            context.response().putHeader(RequestCorrelation.REQUEST_ID, java.util.UUID.randomUUID().toString());
            Problems.respond(context, 400, "bad-request-id", "Bad request id",
                    "X-Request-Id must be 1 to 64 letters, digits, '.', '_' or '-'", RequestCorrelation.REQUEST_ID,
                    "must match [A-Za-z0-9._-]{1,64}");
            return;
        }
        RequestCorrelation correlation = RequestCorrelation.of(request);
        context.put(RequestCorrelation.KEY, correlation);
        context.response().putHeader(RequestCorrelation.REQUEST_ID, correlation.requestId());
        if (AMBIGUOUS_PATH.matcher(rawPath(request.uri())).matches()) {
            Problems.respond(context, 400, "ambiguous-path", "Ambiguous path",
                    "the path has a dot segment, an empty segment, or an encoded slash, dot or backslash",
                    "(path)", "must be plain segments");
            return;
        }
        Optional<Route> route = table.routeFor(context.normalizedPath());
        if (route.isPresent() && request.remoteAddress() != null) {
            OptionalLong wait = rateLimits.byAddress(route.get(), request.remoteAddress().hostAddress());
            if (wait.isPresent()) {
                tooMany(context, wait.getAsLong(), "this address");
                return;
            }
        }
        context.next();
    }

    private void toUpstream(RoutingContext context, Route route) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            // a call without a token: answered here, as a problem (an invalid token never gets this far)
            unauthorized(context);
            return;
        }
        if (route.roles().stream().noneMatch(identity::hasRole)) {
            Problems.respond(context, 403, "forbidden", "Forbidden",
                    "this route needs one of the roles " + route.roles().stream().sorted().toList());
            return;
        }
        OptionalLong wait = rateLimits.bySubject(route, identity.getPrincipal().getName());
        if (wait.isPresent()) {
            tooMany(context, wait.getAsLong(), "this user");
            return;
        }
        long declared = declaredLength(context.request());
        if (declared > forwarder.maxBodySize()) {
            Problems.respond(context, 413, "payload-too-large", "Payload too large",
                    "the request body has " + declared + " bytes; at most " + forwarder.maxBodySize()
                            + " are accepted", "(body)", "is larger than " + forwarder.maxBodySize() + " bytes");
            return;
        }
        RequestCorrelation correlation = context.get(RequestCorrelation.KEY);
        forwarder.forward(context, route, upstreams.get(route.upstream()), correlation);
    }

    private void securityFailure(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || context.statusCode() == 401) {
            unauthorized(context);
        } else if (failure instanceof ForbiddenException || context.statusCode() == 403) {
            // Route roles answer 403 in the route handler; this catches a quarkus.http.auth.permission policy an
            // operator adds, so its refusals are problem+json too.
            Problems.respond(context, 403, "forbidden", "Forbidden", "the caller may not use this route");
        } else if (context.statusCode() == 413) {
            Problems.respond(context, 413, "payload-too-large", "Payload too large",
                    "the request body is larger than accepted");
        } else {
            LOG.errorf(failure, "unexpected failure on %s %s", context.request().method(), context.request().path());
            Problems.respond(context, 500, "internal", "Internal error", "the gateway failed; the request id names it");
        }
    }

    private static void unauthorized(RoutingContext context) {
        boolean sent = context.request().getHeader("Authorization") != null;
        context.response().putHeader("WWW-Authenticate", sent ? "Bearer error=\"invalid_token\"" : "Bearer");
        Problems.respond(context, 401, "unauthorized", "Unauthorized", sent
                ? "the bearer token is not valid here (expired, not yet valid, wrongly signed, unsigned, or for another"
                        + " issuer or audience)"
                : "a bearer token of realm rapport is needed");
    }

    private static void tooMany(RoutingContext context, long waitSeconds, String who) {
        context.response().putHeader("Retry-After", Long.toString(waitSeconds));
        Problems.respond(context, 429, "too-many-requests", "Too many requests",
                "the rate limit for " + who + " on this route is reached; retry after " + waitSeconds + " s");
    }

    private static String rawPath(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static long declaredLength(HttpServerRequest request) {
        String declared = request.getHeader("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
