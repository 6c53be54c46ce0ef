package health.rapport.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a command to its end (a perf tool, wrk), collecting its output lines, with a time limit. */
public final class ChildProcess {

    /** What a finished command printed. */
    public record Output(int exitCode, List<String> stdout, List<String> stderr) {

        public String tail(int lines) {
            List<String> all = new ArrayList<>(stdout);
            all.addAll(stderr);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    private ChildProcess() {
    }

    /**
     * Runs the command; each stdout line goes to {@code onLine} as it arrives (for live progress). Fails on a
     * non-zero exit or when the time limit passes (the process and its children are then killed).
     */
    public static Output run(List<String> command, Path workDir, Duration limit, Consumer<String> onLine) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        Thread out = pump(process.getInputStream(), line -> {
            stdout.add(line);
            onLine.accept(line);
        });
        Thread err = pump(process.getErrorStream(), stderr::add);
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(describe(command) + " did not finish within " + limit.toSeconds()
                        + " s:\n" + String.join("\n", stdout.subList(Math.max(0, stdout.size() - 20), stdout.size())));
            }
            out.join(5000);
            err.join(5000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        Output output = new Output(process.exitValue(), List.copyOf(stdout), List.copyOf(stderr));
        if (output.exitCode() != 0) {
            throw new IllegalStateException(describe(command) + " exited with " + output.exitCode() + ":\n" + output.tail(30));
        }
        return output;
    }

    /** The program and its main class (the first argument that is neither an option nor a class path). */
    static String describe(List<String> command) {
        for (int i = 1; i < command.size(); i++) {
            String arg = command.get(i);
            boolean optionValue = command.get(i - 1).equals("-cp") || command.get(i - 1).equals("-jar");
            if (!arg.startsWith("-") && !optionValue) {
                return Path.of(command.get(0)).getFileName() + " " + arg;
            }
        }
        return command.get(0);
    }

    private static Thread pump(java.io.InputStream stream, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "child-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
