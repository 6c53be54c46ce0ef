package health.rapport.stack;

import health.rapport.stack.StackSettings.Port;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole local system: infrastructure first, then the four services; stopped in reverse. */
public final class Stack {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackSettings settings;
    private final PrintStream out;
    private final List<Component> infrastructure;
    private final List<Component> services;

    public Stack(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.infrastructure = List.of(new PostgresComponent(settings), new KafkaComponent(settings),
                new SmtpComponent(settings), new KeycloakComponent(settings));
        this.services = List.of(
                new ServiceComponent(settings, "message-service", Port.MESSAGE_SERVICE,
                        ServiceComponent.database(settings, "message")),
                new ServiceComponent(settings, "engagement-service", Port.ENGAGEMENT_SERVICE,
                        ServiceComponent.database(settings, "engagement")),
                new ServiceComponent(settings, "notification-service", Port.NOTIFICATION_SERVICE,
                        merge(ServiceComponent.database(settings, "notification"), Map.of(
                                "QUARKUS_MAILER_HOST", StackSettings.HOST,
                                "QUARKUS_MAILER_PORT", Integer.toString(settings.port(Port.SMTP))))),
                new ServiceComponent(settings, "gateway", Port.GATEWAY, Map.of(
                        "RAPPORT_UPSTREAM_MESSAGE_SERVICE", settings.url(Port.MESSAGE_SERVICE),
                        "RAPPORT_UPSTREAM_ENGAGEMENT_SERVICE", settings.url(Port.ENGAGEMENT_SERVICE),
                        "RAPPORT_UPSTREAM_NOTIFICATION_SERVICE", settings.url(Port.NOTIFICATION_SERVICE))));
    }

    public StackSettings settings() {
        return settings;
    }

    public List<Component> components() {
        List<Component> all = new ArrayList<>(infrastructure);
        all.addAll(services);
        return all;
    }

    /**
     * Starts whatever is not running yet and waits until everything is healthy.
     *
     * @return false when everything was already running (and nothing changed)
     */
    public boolean up() {
        List<Component> missing = components().stream().filter(c -> !c.isRunning()).toList();
        if (missing.isEmpty()) {
            return false;
        }
        checkPorts(missing);
        List<Component> started = new ArrayList<>();
        try {
            startAndAwait(infrastructure.stream().filter(missing::contains).toList(), started);
            for (Component component : infrastructure) {
                component.afterReady();
            }
            startAndAwait(services.stream().filter(missing::contains).toList(), started);
        } catch (RuntimeException e) {
            out.println("start failed; stopping what this run started");
            stop(started);
            throw e;
        }
        if (settings.seedDemoData()) {
            new DemoData(settings, out).seedOnce();
        }
        return true;
    }

    private void checkPorts(List<Component> missing) {
        List<String> taken = new ArrayList<>();
        for (Component component : missing) {
            for (Port port : component.ports()) {
                if (!StackSettings.isFree(settings.port(port))) {
                    taken.add("port " + settings.port(port) + " (" + port.owner() + ") is already in use; free it or set "
                            + port.variable() + " to another port");
                }
            }
        }
        if (!taken.isEmpty()) {
            throw new StackException(String.join(System.lineSeparator(), taken));
        }
    }

    private void startAndAwait(List<Component> components, List<Component> started) {
        Map<Component, Long> deadlines = new LinkedHashMap<>();
        Map<Component, Long> launchedAt = new HashMap<>();
        for (Component component : components) {
            long now = System.nanoTime();
            component.launch();
            started.add(component);
            launchedAt.put(component, now);
            deadlines.put(component, System.nanoTime() + component.startTimeout().toNanos());
        }
        while (!deadlines.isEmpty()) {
            for (var iterator = deadlines.entrySet().iterator(); iterator.hasNext(); ) {
                var entry = iterator.next();
                Component component = entry.getKey();
                if (component.healthy()) {
                    double seconds = (System.nanoTime() - launchedAt.get(component)) / 1e9;
                    out.printf("  %-21s ready in %5.1f s  %s%n", component.name(), seconds, component.endpoint());
                    iterator.remove();
                } else if (component.managed() && component.process().running().isEmpty()) {
                    throw new StackException(component.name() + " exited during start; last log lines ("
                            + component.process().logFile() + "):" + System.lineSeparator()
                            + component.process().tail(30));
                } else if (System.nanoTime() > entry.getValue()) {
                    throw new StackException(component.name() + " was not healthy after "
                            + component.startTimeout().toSeconds() + " s; see " + component.process().logFile()
                            + System.lineSeparator() + component.process().tail(30));
                }
            }
            sleep(250);
        }
    }

    /** Stops everything this stack's home started; returns the names stopped. */
    public List<String> down() {
        List<Component> reversed = new ArrayList<>(components());
        java.util.Collections.reverse(reversed);
        return stop(reversed);
    }

    private List<String> stop(List<Component> components) {
        List<String> stopped = new ArrayList<>();
        for (Component component : components) {
            if (component.managed() && component.process().stop(STOP_GRACE)) {
                stopped.add(component.name());
            }
        }
        return stopped;
    }

    /** One line per component: running or not, healthy or not, where. */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        for (Component component : components()) {
            String state;
            String pid = "";
            if (!component.managed()) {
                state = component.healthy() ? "external" : "external, unreachable";
            } else {
                var running = component.process().running();
                state = running.isEmpty() ? "stopped" : component.healthy() ? "healthy" : "running, not ready";
                pid = running.map(h -> "pid " + h.pid()).orElse("");
            }
            lines.add(String.format("%-21s %-18s %-10s %s", component.name(), state, pid, component.endpoint()));
        }
        return lines;
    }

    public boolean anyRunning() {
        return components().stream().anyMatch(c -> c.managed() && c.process().running().isPresent());
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new LinkedHashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
