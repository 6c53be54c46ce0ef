package health.rapport.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import health.rapport.gateway.problem.Problems;
import health.rapport.gateway.routing.GatewayConfig;
import health.rapport.gateway.routing.RouteTable;
import health.rapport.gateway.routing.Upstreams;
import health.rapport.gateway.routing.Upstreams.Upstream;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/openapi}: one OpenAPI document for everything the gateway serves, merged from each upstream's
 * {@code /q/openapi}. Only the paths a route sends to that upstream are taken (the document describes the
 * gateway, not the services' internals). Components with the same name and the same content are kept once; a
 * name two services use for different things is prefixed with the service's name, and that service's
 * references are rewritten. An upstream that does not answer is left out and named in
 * {@code x-rapport-upstreams}; such a partial document is kept for a few seconds only.
 */
@ApplicationScoped
public class MergedOpenApi {

    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    private static final Duration PARTIAL_CACHE = Duration.ofSeconds(5);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private final Upstreams upstreams;
    private final RouteTable routes;
    private final ObjectMapper mapper;
    private final Duration cacheFor;

    private Future<String> cached;
    private long cachedUntil;

    public MergedOpenApi(Upstreams upstreams, RouteTable routes, ObjectMapper mapper, GatewayConfig config) {
        this.upstreams = upstreams;
        this.routes = routes;
        this.mapper = mapper;
        this.cacheFor = config.openapi().cacheFor();
    }

    void install(@Observes Router router) {
        router.get("/api/openapi").handler(context -> document().onComplete(result -> {
            if (result.succeeded()) {
                context.response().putHeader("Content-Type", "application/json").end(result.result());
            } else {
                Problems.respond(context, 502, "openapi-unavailable", "Bad gateway",
                        "the services' API descriptions could not be read");
            }
        }));
    }

    /**
     * The merged document, from the cache while it is fresh. Requests on different event loops may ask at once, so
     * the cache is guarded; only one of them fetches, the others share its future.
     */
    synchronized Future<String> document() {
        long now = System.nanoTime();
        if (cached != null && now - cachedUntil < 0) {
            return cached;
        }
        List<Future<JsonNode>> fetches = new ArrayList<>();
        List<Upstream> order = new ArrayList<>();
        for (Upstream upstream : upstreams.all()) {
            order.add(upstream);
            fetches.add(fetch(upstream).otherwise(failure -> {
                LOG.warnf("no OpenAPI document from %s: %s", upstream.name(), failure.toString());
                return null;
            }));
        }
        Future<String> merged = Future.join(fetches).map(ignored -> {
            Map<String, JsonNode> documents = new java.util.LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                documents.put(order.get(i).name(), fetches.get(i).result());
            }
            ObjectNode document = merge(documents);
            boolean complete = documents.values().stream().allMatch(java.util.Objects::nonNull);
            synchronized (this) {
                cachedUntil = System.nanoTime() + (complete ? cacheFor : PARTIAL_CACHE).toNanos();
            }
            return document.toString();
        });
        cached = merged;
        cachedUntil = now + PARTIAL_CACHE.toNanos();
        merged.onFailure(failure -> {
            synchronized (this) {
                cached = null;
            }
        });
        return merged;
    }

    private Future<JsonNode> fetch(Upstream upstream) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(upstream.host())
                .setPort(upstream.port()).setSsl(upstream.secure()).setURI("/q/openapi?format=json")
                .setIdleTimeout(FETCH_TIMEOUT.toMillis());
        options.addHeader("Accept", "application/json");
        return upstream.client().request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("status " + response.statusCode());
                    }
                    try {
                        return mapper.readTree(body.getBytes());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("not JSON", e);
                    }
                }));
    }

    /** Merges the upstreams' documents (a null one did not answer) into the gateway's. */
    ObjectNode merge(Map<String, JsonNode> documents) {
        ObjectNode merged = mapper.createObjectNode();
        merged.put("openapi", "3.1.0");
        merged.putObject("info")
                .put("title", "Rapport API")
                .put("version", "v1")
                .put("description", "Every portal call through the gateway, merged from the services' own documents.");
        merged.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ArrayNode tags = merged.putArray("tags");
        Set<String> tagNames = new HashSet<>();
        ObjectNode status = merged.putObject("x-rapport-upstreams");
        documents.forEach((service, document) -> {
            if (document == null) {
                status.put(service, "unavailable");
                return;
            }
            status.put(service, "merged");
            ObjectNode copy = document.deepCopy();
            Map<String, String> renamed = mergeComponents(service, copy.path("components"), components);
            if (!renamed.isEmpty()) {
                rewriteReferences(copy, renamed);
            }
            copy.path("paths").fields().forEachRemaining(path -> {
                boolean ours = routes.routeFor(path.getKey()).map(route -> route.upstream().equals(service))
                        .orElse(false);
                if (ours && !paths.has(path.getKey())) {
                    paths.set(path.getKey(), path.getValue());
                }
            });
            copy.path("tags").forEach(tag -> {
                if (tagNames.add(tag.path("name").asText())) {
                    tags.add(tag);
                }
            });
        });
        return merged;
    }

    /**
     * Adds one service's components; returns the references that had to be renamed, from
     * {@code #/components/<kind>/<name>} to the prefixed name.
     */
    private Map<String, String> mergeComponents(String service, JsonNode source, ObjectNode target) {
        Map<String, String> renamed = new HashMap<>();
        source.fields().forEachRemaining(kind -> {
            ObjectNode into = target.has(kind.getKey()) ? (ObjectNode) target.get(kind.getKey())
                    : target.putObject(kind.getKey());
            kind.getValue().fields().forEachRemaining(component -> {
                JsonNode existing = into.get(component.getKey());
                if (existing == null) {
                    into.set(component.getKey(), component.getValue());
                } else if (!existing.equals(component.getValue())) {
                    String name = prefix(service) + component.getKey();
                    into.set(name, component.getValue());
                    renamed.put("#/components/" + kind.getKey() + "/" + component.getKey(),
                            "#/components/" + kind.getKey() + "/" + name);
                }
            });
        });
        return renamed;
    }

    private static void rewriteReferences(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode reference = object.get("$ref");
            if (reference != null && reference.isTextual() && renamed.containsKey(reference.asText())) {
                object.set("$ref", TextNode.valueOf(renamed.get(reference.asText())));
            }
            Iterator<JsonNode> children = object.elements();
            while (children.hasNext()) {
                rewriteReferences(children.next(), renamed);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rewriteReferences(child, renamed));
        }
    }

    private static String prefix(String service) {
        StringBuilder out = new StringBuilder();
        for (String part : service.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.append('_').toString();
    }
}
