package health.rapport.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The configured routes, longest prefix first, so a more specific route wins over a shorter one. */
@ApplicationScoped
public class RouteTable {

    private final List<Route> routes;

    public RouteTable(GatewayConfig config) {
        routes = config.route().entrySet().stream()
                .map(entry -> {
                    GatewayConfig.RouteConfig route = entry.getValue();
                    if (!config.upstream().containsKey(route.upstream())) {
                        throw new IllegalStateException("route " + entry.getKey() + " names upstream "
                                + route.upstream() + ", which rapport.gateway.upstream does not define");
                    }
                    return new Route(entry.getKey(), List.copyOf(route.prefixes()), route.upstream(),
                            Set.copyOf(route.roles()), route.timeout(), route.subjectLimit(), route.ipLimit());
                })
                .sorted(Comparator.comparingInt((Route route) -> route.prefixes().stream()
                        .mapToInt(String::length).max().orElse(0)).reversed())
                .toList();
    }

    public List<Route> routes() {
        return routes;
    }

    public Optional<Route> routeFor(String path) {
        return routes.stream().filter(route -> route.owns(path)).findFirst();
    }
}
