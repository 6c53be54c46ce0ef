package health.rapport.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request id and the W3C trace context of one call. A client's well-formed {@code X-Request-Id} is kept (a portal
 * can then find its own call in the logs); anything else is refused rather than logged. The gateway is one hop of
 * the trace: it keeps an incoming valid {@code traceparent}'s trace id and sampling flag, names itself as the
 * parent of the upstream call, and starts a new trace when the header is missing or invalid.
 */
public record RequestCorrelation(String requestId, String traceparent, String tracestate) {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String KEY = RequestCorrelation.class.getName();
    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    /** Whether a client's request id may be kept; {@code null} (none sent) is fine, a new one is made. */
    public static boolean acceptable(String clientRequestId) {
        return clientRequestId == null || WELL_FORMED_ID.matcher(clientRequestId).matches();
    }

    public static RequestCorrelation of(HttpServerRequest request) {
        String clientId = request.getHeader(REQUEST_ID);
        String requestId = clientId != null ? clientId : UUID.randomUUID().toString();
        W3CTraceContextPropagator w3c = W3CTraceContextPropagator.getInstance();
        SpanContext incoming = Span.fromContext(w3c.extract(Context.root(), request, HEADERS)).getSpanContext();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SpanContext gatewayHop = incoming.isValid()
                ? SpanContext.create(incoming.getTraceId(), SpanId.fromLong(nonZero(random)),
                        incoming.getTraceFlags(), incoming.getTraceState())
                : SpanContext.create(TraceId.fromLongs(nonZero(random), random.nextLong()),
                        SpanId.fromLong(nonZero(random)), TraceFlags.getDefault(), TraceState.getDefault());
        Map<String, String> outgoing = new HashMap<>();
        w3c.inject(Context.root().with(Span.wrap(gatewayHop)), outgoing, Map::put);
        return new RequestCorrelation(requestId, outgoing.get("traceparent"), outgoing.get("tracestate"));
    }

    public String traceId() {
        return traceparent.substring(3, 35);
    }

    private static long nonZero(ThreadLocalRandom random) {
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        return value;
    }

    /** Header names the gateway sets itself towards the upstream; a client's values for them never pass. */
    public static final List<String> OWNED_HEADERS = List.of(REQUEST_ID, "traceparent", "tracestate");
}
