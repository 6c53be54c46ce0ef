package health.rapport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * One invocation of the harness: when, at which git revision, on which machine. Every figure it writes
 * carries these, and the date (to the second) identifies the run in results.csv.
 */
public record Run(Instant date, String gitRevision, Machine machine) {

    public static Run now(Path root) {
        return new Run(Instant.now().truncatedTo(ChronoUnit.SECONDS), gitRevision(root), Machine.current());
    }

    /** {@code git rev-parse --short HEAD} in the checkout, or "unknown" (no git, not a checkout). Read-only. */
    static String gitRevision(Path root) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!git.waitFor(10, TimeUnit.SECONDS) || git.exitValue() != 0 || !out.matches("[0-9a-f]{4,40}")) {
                return "unknown";
            }
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    public String line() {
        return date + ", git " + gitRevision + ", " + machine.line();
    }
}
