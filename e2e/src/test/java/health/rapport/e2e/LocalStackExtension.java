package health.rapport.e2e;

import health.rapport.stack.Cli;
import health.rapport.stack.Stack;
import health.rapport.stack.StackSettings;
import java.nio.file.Path;
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
        StackSettings settings = StackSettings.forTests(root, home);
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

    @Override
    public void close() {
        if (stack != null) {
            System.out.println("e2e: stopped " + stack.down());
            stack = null;
        }
    }
}
