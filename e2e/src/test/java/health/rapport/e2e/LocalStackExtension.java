package health.rapport.e2e;

import health.rapport.stack.Cli;
import health.rapport.stack.Stack;
import health.rapport.stack.StackSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the whole local stack once for the suite, on free ports and in its own folder (so it never meets a
 * stack a developer has running), exactly as {@code ./rapport up} does, and stops it when the suite ends.
 */
public final class LocalStackExtension implements BeforeAllCallback, ExtensionContext.Store.CloseableResource,
        AutoCloseable {

    private static Stack stack;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (stack != null) {
            return;
        }
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("rapport.e2e.home", root.resolve("e2e/target/e2e-stack").toString()));
        // demo data on, as ./rapport up does: the seed itself goes through the gateway with real tokens
        StackSettings settings = StackSettings.forTests(root, home).withDemoData(true);
        stack = new Stack(settings, System.out);
        System.out.println("e2e: starting the local stack in " + home);
        stack.down();
        Cli.deleteTree(home);
        stack.up();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LocalStackExtension.class.getName(), this);
    }

    static Stack stack() {
        return stack;
    }

    /**
     * Stops the stack, then fails the suite if any process of it (a Keycloak JVM under kc.sh included) survives or
     * if any line of its logs holds a message text the suite sent ({@link PhiTexts}). It runs after the last test
     * class, when every process has stopped and flushed its log. A failure here fails the build: JUnit reports it as
     * an error of the engine ("Failed to close extension context", with this message as the cause), and Failsafe's
     * {@code verify} fails on it.
     */
    @Override
    public void close() throws InterruptedException {
        if (stack == null) {
            return;
        }
        Path logDir = stack.settings().logDir();
        List<ProcessHandle> family = stack.components().stream()
                .flatMap(c -> c.process().running().stream())
                .flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
                .toList();
        System.out.println("e2e: stopped " + stack.down());
        stack = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (family.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Long> survivors = family.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        List<String> problems = new ArrayList<>();
        if (!survivors.isEmpty()) {
            problems.add("down left processes running: " + survivors);
        }
        PhiLogScan.Result scan = new PhiLogScan(PhiTexts.registered()).scanDirectory(logDir);
        System.out.printf("e2e: scanned %d log files (%d lines) in %s for %d needles from %d registered message"
                        + " texts: %d hits%n", scan.files(), scan.lines(), logDir, scan.needles(),
                PhiTexts.registered().size(), scan.hits().size());
        if (scan.files() == 0) {
            problems.add("no log files to scan in " + logDir);
        }
        if (!scan.hits().isEmpty()) {
            // file and line only: the text itself must not reach the build log either
            problems.add("message text (PHI) in " + scan.hits().size() + " log lines of " + logDir + ": "
                    + scan.hits());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }
}
