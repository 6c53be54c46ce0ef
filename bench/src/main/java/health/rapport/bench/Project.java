package health.rapport.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the harness finds what the build staged, under the project checkout. */
public record Project(Path root) {

    /** The checkout: system property {@code rapport.root} (set by bench/run), else the first parent of the working folder holding bench/pom.xml and stack/. */
    public static Project locate() {
        String property = System.getProperty("rapport.root");
        if (property != null && !property.isBlank()) {
            return new Project(Path.of(property).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bench/pom.xml")) && Files.isDirectory(dir.resolve("stack"))) {
                return new Project(dir);
            }
        }
        throw new IllegalStateException("cannot find the project checkout: run bench/run, or pass -Drapport.root=...");
    }

    public Path resultsDir() {
        return root.resolve("bench/results");
    }

    /** Kafka's perf tools with their dependencies, staged by module bench/ceilings/kafka-tools-dist. */
    public Path kafkaToolsLibs() {
        return require(root.resolve("bench/ceilings/kafka-tools-dist/target/libs"), "bench/ceilings/kafka-tools-dist");
    }

    /** The packaged hello-world Quarkus app, built by module bench/ceilings/hello. */
    public Path helloJar() {
        return require(root.resolve("bench/ceilings/hello/target/quarkus-app/quarkus-run.jar"), "bench/ceilings/hello");
    }

    /** message-service's packaged quarkus-app (bench declares the module as a build-order dependency). */
    public Path engagementServiceJar() {
        return require(root.resolve("engagement-service/target/quarkus-app/quarkus-run.jar"), "engagement-service");
    }

    public Path gatewayJar() {
        return require(root.resolve("gateway/target/quarkus-app/quarkus-run.jar"), "gateway");
    }

    public Path messageServiceJar() {
        return require(root.resolve("message-service/target/quarkus-app/quarkus-run.jar"), "message-service");
    }

    /** Where the embedded PostgreSQL binaries are unpacked once and kept between runs. */
    public Path postgresBinaries() {
        return root.resolve("bench/target/pg-binaries");
    }

    private static Path require(Path path, String module) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build it with ./mvnw -B -DskipTests package -pl bench -am"
                    + " (bench/run does) — module " + module);
        }
        return path;
    }

    /** The java launcher of this JVM, for child JVMs. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
