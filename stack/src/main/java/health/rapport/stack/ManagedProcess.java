package health.rapport.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A background process of the local stack, remembered by a pid file so that later commands can find it.
 * Every process is started with a marker (the stack's home folder) on its command line: a pid is only taken
 * for ours when its command line still carries the marker, so a recycled pid never gets killed.
 */
public final class ManagedProcess {

    private final String name;
    private final Path pidFile;
    private final Path logFile;
    private final String marker;
    /**
     * The process this instance started. Between fork and exec (the JDK's spawn helper, then setsid) its command
     * line does not carry the marker yet, so the instance that started it trusts the handle, not the marker.
     */
    private volatile ProcessHandle started;

    public ManagedProcess(String name, Path runDir, Path logDir, String marker) {
        this.name = name;
        this.pidFile = runDir.resolve(name + ".pid");
        this.logFile = logDir.resolve(name + ".log");
        this.marker = marker;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the command detached (own session, stdin from /dev/null, output appended to the log file). */
    public ProcessHandle start(List<String> command, Map<String, String> environment, Path workDir) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.createDirectories(logFile.getParent());
            List<String> detached = new ArrayList<>();
            detached.add("setsid");
            detached.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(detached)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
            started = process.toHandle();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The live process this pid file names, if it is still ours. */
    public Optional<ProcessHandle> running() {
        ProcessHandle ownChild = started;
        if (ownChild != null && ownChild.isAlive()) {
            return Optional.of(ownChild);
        }
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean isOurs(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            String line = Files.readString(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
            return line.contains(marker);
        } catch (IOException e) {
            return handle.info().commandLine().map(l -> l.contains(marker)).orElse(false);
        }
    }

    /** Stops the process and its descendants: SIGTERM first, SIGKILL after the grace period. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = running();
        handle.ifPresent(h -> {
            List<ProcessHandle> family = new ArrayList<>(h.descendants().toList());
            family.add(0, h);
            family.forEach(ProcessHandle::destroy);
            for (ProcessHandle member : family) {
                try {
                    member.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception timedOut) {
                    member.destroyForcibly();
                }
            }
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: running() checks the marker
        }
        return handle.isPresent();
    }

    /** The last lines of the log, to explain a failed start. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + logFile + ")";
        }
    }
}
