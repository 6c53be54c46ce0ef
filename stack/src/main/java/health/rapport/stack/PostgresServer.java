package health.rapport.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a real PostgreSQL server (zonky's embedded binaries, fetched by Maven) running until SIGTERM.
 * Arguments: port, data folder, working folder (where the binaries are unpacked).
 */
public final class PostgresServer {

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(data);
        Files.createDirectories(work);
        EmbeddedPostgres postgres = start(port, data, work);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("postgres did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("postgres ready on port " + port);
        stopped.await();
    }

    /** Starts (and on first use initialises) a server whose data survives restarts. */
    public static EmbeddedPostgres start(int port, Path data, Path work) throws java.io.IOException {
        // An interrupted first extraction leaves a half-filled folder that zonky will not repair: start over.
        Path extracted = work.resolve(".rapport-extracted");
        if (!Files.exists(extracted)) {
            Cli.deleteTree(work);
            Files.createDirectories(work);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(work.toFile())
                .setServerConfig("listen_addresses", StackSettings.HOST)
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
        Files.writeString(extracted, "binaries unpacked completely");
        return postgres;
    }
}
