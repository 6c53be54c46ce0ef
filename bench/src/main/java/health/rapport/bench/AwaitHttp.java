package health.rapport.bench;

import health.rapport.stack.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Waits for an app the benchmark started as a child process to answer, or fails with the end of its log. */
public final class AwaitHttp {

    private AwaitHttp() {
    }

    /**
     * Polls {@code url} until {@code ready} accepts a response; throws with the process's last log lines when the
     * process exits or {@code timeout} passes. The caller closes what it started when this throws.
     */
    public static void until(ManagedProcess process, URI url, Predicate<HttpResponse<String>> ready, Duration timeout,
            String what) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (ready.test(response)) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (process.running().isEmpty() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " did not get ready:\n" + process.tail(40));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
