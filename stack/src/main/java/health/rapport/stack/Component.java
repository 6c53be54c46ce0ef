package health.rapport.stack;

import java.time.Duration;
import java.util.List;

/** One part of the local stack: a process it starts, the ports it takes, and how to tell it is ready. */
public abstract class Component {

    protected final StackSettings settings;
    protected final ManagedProcess process;

    protected Component(StackSettings settings, String name) {
        this.settings = settings;
        this.process = new ManagedProcess(name, settings.runDir(), settings.logDir(), settings.marker());
    }

    public String name() {
        return process.name();
    }

    public ManagedProcess process() {
        return process;
    }

    /** The ports this component opens. */
    public abstract List<StackSettings.Port> ports();

    /** Starts the process; returns at once. */
    public abstract void launch();

    /** True when the component answers as it should. */
    public abstract boolean healthy();

    /** How long a start may take before it counts as failed. */
    public Duration startTimeout() {
        return Duration.ofSeconds(120);
    }

    /** Work to do once healthy, such as creating topics or databases. */
    public void afterReady() {
    }

    /** A line for {@code status} and the start banner. */
    public abstract String endpoint();

    /** Whether this component is started by the stack at all (an external PostgreSQL is not). */
    public boolean managed() {
        return true;
    }

    public boolean isRunning() {
        return !managed() || process.running().isPresent();
    }

    protected static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
