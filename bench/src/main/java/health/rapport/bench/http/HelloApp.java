package health.rapport.bench.http;

import health.rapport.bench.Project;
import health.rapport.stack.ManagedProcess;
import health.rapport.stack.StackSettings;
import health.rapport.bench.AwaitHttp;
import health.rapport.bench.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The hello-world Quarkus app (module bench/ceilings/hello) from its packaged jar, on a free port, with the
 * JVM flags the benchmarks give the services ({@link ServiceProcess#JVM_FLAGS}).
 */
public final class HelloApp implements AutoCloseable {

    static final List<String> SERVICE_JVM_FLAGS = ServiceProcess.JVM_FLAGS;

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
        try {
            AwaitHttp.until(process, URI.create(app.url()), r -> r.statusCode() == 200 && r.body().equals("hello"),
                    Duration.ofSeconds(60), "the hello-world app");
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
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
