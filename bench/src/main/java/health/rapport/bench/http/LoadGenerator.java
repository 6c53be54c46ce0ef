package health.rapport.bench.http;

import java.time.Duration;

/**
 * Drives HTTP load in a closed loop: each of {@code connections} keep-alive connections has one request in
 * flight and sends the next as soon as the response is in, for a warm-up and then the measured duration.
 * The HTTP ceiling and every later HTTP figure must use the same generator, or their ratio compares generators.
 */
public interface LoadGenerator {

    /** Short name, part of the benchmark's name ({@code http-wrk}, {@code http-vertx}). */
    String name();

    LoadResult run(String url, int connections, int threads, Duration warmup, Duration duration) throws Exception;
}
