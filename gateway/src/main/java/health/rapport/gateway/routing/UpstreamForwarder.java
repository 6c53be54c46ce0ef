package health.rapport.gateway.routing;

import health.rapport.gateway.problem.Problems;
import health.rapport.gateway.routing.Upstreams.Upstream;
import health.rapport.gateway.tracing.RequestCorrelation;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Forwards one call to its upstream and streams the answer back: the body flows through as it arrives (counted,
 * and cut off at the size limit), hop-by-hop headers stay behind, the forwarding headers and the trace context are
 * the gateway's own. Each call runs through the upstream's circuit breaker: an upstream that is unreachable, times
 * out, or answers 502/503/504 five times in a row is given no calls for a while (503 at once, with Retry-After),
 * then one trial call. Failures are answered as problems: 502 unreachable, 503 circuit open, 504 too slow.
 */
@ApplicationScoped
public class UpstreamForwarder {

    private static final Logger LOG = Logger.getLogger(UpstreamForwarder.class);

    /** RFC 9110 7.6.1 hop-by-hop fields, plus the ones the gateway sets itself towards the upstream. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port",
            "x-forwarded-prefix", "x-forwarded-server", "x-real-ip", "x-request-id", "traceparent", "tracestate");
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "x-request-id");

    private final io.vertx.core.Vertx vertx;
    private final long maxBodySize;
    private final long openForSeconds;

    public UpstreamForwarder(io.vertx.core.Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.openForSeconds = Math.max(1, config.circuitBreaker().openFor().toSeconds());
    }

    public long maxBodySize() {
        return maxBodySize;
    }

    public void forward(RoutingContext context, Route route, Upstream upstream, RequestCorrelation correlation) {
        HttpServerRequest in = context.request();
        in.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.secure())
                .setURI(in.uri())
                .setIdleTimeout(route.timeout().toMillis());
        MultiMap headers = options.getHeaders() == null ? MultiMap.caseInsensitiveMultiMap() : options.getHeaders();
        copyRequestHeaders(in, headers, correlation);
        options.setHeaders(headers);
        AtomicBoolean refusedBody = new AtomicBoolean();
        upstream.breaker().<HttpClientResponse>execute(attempt -> upstream.client().request(options)
                .compose(request -> {
                    // the idle timeout covers the gaps between chunks of the answer; this covers waiting for it
                    long answerDeadline = vertx.setTimer(route.timeout().toMillis(), fired -> request.reset(0,
                            new TimeoutException("no answer within " + route.timeout().toMillis() + " ms")));
                    return send(context, request, in, refusedBody)
                            .onComplete(answered -> vertx.cancelTimer(answerDeadline));
                })
                .onSuccess(response -> {
                    response.pause();
                    if (isUnavailable(response.statusCode())) {
                        attempt.fail(new UnavailableAnswer(response));
                    } else {
                        attempt.complete(response);
                    }
                })
                .onFailure(failure -> {
                    if (refusedBody.get() || context.response().closed()) {
                        // the client's fault (too large a body, or it went away), not the upstream's
                        attempt.tryComplete(null);
                    } else {
                        attempt.fail(failure);
                    }
                }))
                .onComplete(result -> {
                    HttpClientResponse response = result.succeeded() ? result.result()
                            : result.cause() instanceof UnavailableAnswer answer ? answer.response : null;
                    if (response != null) {
                        relay(context, response, correlation);
                    } else if (result.failed()) {
                        answerFailure(context, route, upstream, result.cause());
                    }
                });
    }

    private Future<HttpClientResponse> send(RoutingContext context, HttpClientRequest request, HttpServerRequest in,
            AtomicBoolean refusedBody) {
        if (in.isEnded() || !carriesBody(in)) {
            return request.send();
        }
        return request.send(new LimitedBody(in, maxBodySize, () -> {
            refusedBody.set(true);
            request.reset();
            Problems.respond(context, 413, "payload-too-large", "Payload too large",
                    "the request body is larger than the " + maxBodySize + " bytes accepted", "(body)",
                    "is larger than " + maxBodySize + " bytes");
        }));
    }

    private static boolean carriesBody(HttpServerRequest in) {
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !"0".equals(length.trim()) : in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || in.version() == io.vertx.core.http.HttpVersion.HTTP_2;
    }

    private static boolean isUnavailable(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private void copyRequestHeaders(HttpServerRequest in, MultiMap out, RequestCorrelation correlation) {
        Set<String> connectionTokens = connectionTokens(in.headers());
        in.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) && !connectionTokens.contains(name)) {
                out.add(header.getKey(), header.getValue());
            }
        });
        HostAndPort authority = in.authority();
        if (authority != null) {
            out.set("X-Forwarded-Host", authority.toString());
        }
        out.set("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
        if (in.remoteAddress() != null) {
            out.set("X-Forwarded-For", in.remoteAddress().hostAddress());
        }
        out.set(RequestCorrelation.REQUEST_ID, correlation.requestId());
        out.set("traceparent", correlation.traceparent());
        if (correlation.tracestate() != null) {
            out.set("tracestate", correlation.tracestate());
        }
    }

    private void relay(RoutingContext context, HttpClientResponse response, RequestCorrelation correlation) {
        HttpServerResponse out = context.response();
        if (out.ended() || out.closed()) {
            response.resume();
            return;
        }
        out.setStatusCode(response.statusCode());
        out.setStatusMessage(response.statusMessage());
        Set<String> connectionTokens = connectionTokens(response.headers());
        response.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_RETURNED.contains(name) && !connectionTokens.contains(name)) {
                out.headers().add(header.getKey(), header.getValue());
            }
        });
        out.headers().set(RequestCorrelation.REQUEST_ID, correlation.requestId());
        if (response.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            out.setChunked(true);
        }
        out.send(response).onFailure(failure -> LOG.debugf("answer of %s cut off: %s",
                context.request().path(), failure.getMessage()));
    }

    private void answerFailure(RoutingContext context, Route route, Upstream upstream, Throwable failure) {
        if (failure instanceof OpenCircuitException) {
            context.response().putHeader("Retry-After", Long.toString(openForSeconds));
            Problems.respond(context, 503, "upstream-unavailable", "Service unavailable",
                    upstream.name() + " is not taking calls right now (its last calls failed); try again in "
                            + openForSeconds + " s");
        } else if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            Problems.respond(context, 504, "upstream-timeout", "Gateway timeout",
                    upstream.name() + " did not answer within " + route.timeout().toMillis() + " ms");
        } else {
            LOG.warnf("%s unreachable for %s %s: %s", upstream.name(), context.request().method(),
                    context.request().path(), failure.toString());
            Problems.respond(context, 502, "upstream-unreachable", "Bad gateway",
                    upstream.name() + " could not be reached");
        }
    }

    private static Set<String> connectionTokens(MultiMap headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection == null) {
            return Set.of();
        }
        return Set.of(connection.toLowerCase(Locale.ROOT).replace(" ", "").split(","));
    }

    /** An upstream's own "unavailable" answer: relayed to the caller as it is, and counted by the breaker. */
    private static final class UnavailableAnswer extends RuntimeException {
        private final transient HttpClientResponse response;

        UnavailableAnswer(HttpClientResponse response) {
            super("upstream answered " + response.statusCode(), null, false, false);
            this.response = response;
        }
    }

    /** The request body as it arrives, refused once it passes the limit (chunked or HTTP/2 bodies have no length). */
    private static final class LimitedBody implements ReadStream<Buffer> {
        private final HttpServerRequest in;
        private final long limit;
        private final Runnable overLimit;
        private long seen;
        private boolean cut;

        LimitedBody(HttpServerRequest in, long limit, Runnable overLimit) {
            this.in = in;
            this.limit = limit;
            this.overLimit = overLimit;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            in.handler(handler == null ? null : chunk -> {
                if (cut) {
                    return;
                }
                seen += chunk.length();
                if (seen > limit) {
                    cut = true;
                    overLimit.run();
                } else {
                    handler.handle(chunk);
                }
            });
            return this;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            in.exceptionHandler(handler);
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            in.pause();
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            in.resume();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            in.fetch(amount);
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            in.endHandler(endHandler == null ? null : ended -> {
                if (!cut) {
                    endHandler.handle(ended);
                }
            });
            return this;
        }
    }
}
