package health.rapport.e2e;

import health.rapport.stack.Cli;
import health.rapport.stack.Stack;
import health.rapport.stack.StackSettings;
import java.nio.file.Path;
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

    /** Stops the stack and fails the suite if any process of it (a Keycloak JVM under kc.sh included) survives. */
    @Override
    public void close() throws InterruptedException {
        if (stack == null) {
            return;
        }
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
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("down left processes running: " + survivors);
        }
    }
}
