package health.rapport.bench.http;

import health.rapport.bench.Project;
import health.rapport.stack.ManagedProcess;
import health.rapport.stack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The hello-world Quarkus app (module bench/ceilings/hello) from its packaged jar, on a free port, with the JVM
 * flags the local stack gives the services (-Xms32m -Xmx256m -XX:+UseSerialGC).
 */
public final class HelloApp implements AutoCloseable {

    static final List<String> SERVICE_JVM_FLAGS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC");

    private final ManagedProcess process;
    private final int port;
    private final Thread hook;

    private HelloApp(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
        this.hook = new Thread(() -> process.stop(Duration.ofSeconds(10)));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static HelloApp start(Project project, Path scratch) {
        int port = StackSettings.freePort();
        String marker = "-Drapport.home=" + scratch;
        ManagedProcess process = new ManagedProcess("hello", scratch.resolve("run"), scratch.resolve("logs"), marker);
        List<String> command = new java.util.ArrayList<>(List.of(Project.java(), marker));
        command.addAll(SERVICE_JVM_FLAGS);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=" + StackSettings.HOST,
                "-jar", project.helloJar().toString()));
        process.start(command, Map.of(), scratch);
        HelloApp app = new HelloApp(process, port);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(app.url()))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().equals("hello")) {
                    return app;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                app.close();
                throw new IllegalStateException(e);
            }
            if (process.running().isEmpty() || System.nanoTime() > deadline) {
                String log = process.tail(30);
                app.close();
                throw new IllegalStateException("the hello-world app did not start:\n" + log);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                app.close();
                throw new IllegalStateException(e);
            }
        }
    }

    public String url() {
        return "http://" + StackSettings.HOST + ":" + port + "/hello";
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
