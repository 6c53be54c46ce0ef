package health.rapport.bench.http;

import health.rapport.bench.Meter;
import health.rapport.bench.Series;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * An HTTP load generator for any request (method, path, headers, body), in two modes, on Vert.x's client with
 * one event loop:
 *
 * <ul>
 *   <li>{@link #fixedRate}: open loop, wrk2-style. Request {@code i} is due at {@code start + i / rate}; a pacer
 *   thread hands it to the client at that time whatever became of the earlier ones (they queue for one of
 *   {@code maxConnections} keep-alive connections). Latency runs from the <em>intended</em> send time to the end
 *   of the response, so a stall of the server counts against every request that should have gone out during it:
 *   no coordinated omission. Only requests due inside the measured window count, and the run waits for each of
 *   them.</li>
 *   <li>{@link #closedLoop}: {@code connections} connections with one request in flight each, as
 *   {@link VertxLoadGenerator} does for GET: the maximum throughput, latencies being service times.</li>
 * </ul>
 */
public final class ConstantRateGenerator {

    /** One request; the body may be null. */
    public record Spec(HttpMethod method, String path, Map<String, String> headers, String body) {
    }

    /**
     * What a run measured.
     *
     * @param ok             2xx responses of the measured requests
     * @param errors         other responses, failures and timeouts of the measured requests
     * @param seconds        the measured window
     * @param latencyMicros  per-request latency (fixed rate: from the intended send time, failed requests included,
     *                       at the time they failed)
     * @param series         completed requests per second over the window
     * @param errorSamples   the first few failures, for the log
     */
    public record Result(long ok, long errors, double seconds, Histogram latencyMicros, Series series,
            List<String> errorSamples) {

        public double requestsPerSec() {
            return seconds <= 0 ? 0 : ok / seconds;
        }
    }

    private final String host;
    private final int port;

    public ConstantRateGenerator(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** When request {@code i} (from 0) is due, in {@link System#nanoTime()} terms. */
    public static long intendedNanos(long startNanos, long i, double ratePerSecond) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        return startNanos + (long) Math.floor(i * 1e9 / ratePerSecond);
    }

    /** How many requests of a fixed-rate run are due in {@code [0, nanos)} after its start. */
    public static long dueWithin(long nanos, double ratePerSecond) {
        return (long) Math.ceil(nanos * ratePerSecond / 1e9);
    }

    /** Open loop at {@code rate} requests/s: warm-up, then the measured window, latency from the intended time. */
    public Result fixedRate(LongFunction<Spec> requests, double rate, int maxConnections, Duration warmup,
            Duration duration, String seriesName) throws Exception {
        Vertx vertx = vertx();
        try {
            HttpClient client = client(vertx, maxConnections);
            Context context = vertx.getOrCreateContext();
            Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            Meter meter = new Meter(seriesName, "req/s");
            AtomicLong ok = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong outstanding = new AtomicLong();
            List<String> samples = new ArrayList<>();
            long warmupRequests = dueWithin(warmup.toNanos(), rate);
            long total = warmupRequests + dueWithin(duration.toNanos(), rate);
            long start = System.nanoTime() + 50_000_000L;
            long measureStart = intendedNanos(start, warmupRequests, rate);
            Thread pacer = new Thread(() -> {
                for (long i = 0; i < total; i++) {
                    long due = intendedNanos(start, i, rate);
                    for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    if (i == warmupRequests) {
                        meter.begin();
                    }
                    boolean measured = i >= warmupRequests;
                    Spec spec = requests.apply(i);
                    if (measured) {
                        outstanding.incrementAndGet();
                    }
                    context.runOnContext(ignored -> send(client, spec, outcome -> {
                        long nanos = System.nanoTime() - due;
                        if (!measured) {
                            return;
                        }
                        // A failure (a timeout, typically) counts in the latencies too: its request was due.
                        synchronized (latency) {
                            latency.recordValue(Math.min(latency.getHighestTrackableValue(), Math.max(0, nanos / 1000)));
                        }
                        if (outcome == null) {
                            ok.incrementAndGet();
                            meter.count(1);
                        } else {
                            errors.incrementAndGet();
                            note(samples, outcome);
                        }
                        outstanding.decrementAndGet();
                    }));
                }
            }, "fixed-rate-pacer");
            pacer.setDaemon(true);
            pacer.start();
            pacer.join(warmup.plus(duration).plusSeconds(30).toMillis());
            long windowEnd = intendedNanos(start, total, rate);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Meter.Measured measured = meter.end();
            long late = outstanding.get();
            synchronized (latency) {
                return new Result(ok.get(), errors.get() + late, (windowEnd - measureStart) / 1e9, latency.copy(),
                        measured.series(), samples);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Closed loop: {@code connections} requests in flight at all times; latency is the service time. */
    public Result closedLoop(LongFunction<Spec> requests, int connections, Duration warmup, Duration duration,
            String seriesName) throws Exception {
        Vertx vertx = vertx();
        try {
            HttpClient client = client(vertx, connections);
            Context context = vertx.getOrCreateContext();
            Meter meter = new Meter(seriesName, "req/s");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong next = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong running = new AtomicLong(connections);
            List<String> samples = new ArrayList<>();
            context.runOnContext(ignored -> {
                for (int c = 0; c < connections; c++) {
                    new Runnable() {
                        @Override
                        public void run() {
                            if (stop.get()) {
                                running.decrementAndGet();
                                return;
                            }
                            long t0 = System.nanoTime();
                            send(client, requests.apply(next.getAndIncrement()), outcome -> {
                                if (outcome == null) {
                                    meter.record(1, System.nanoTime() - t0);
                                } else if (meter.measuring()) {
                                    errors.incrementAndGet();
                                    note(samples, outcome);
                                }
                                run();
                            });
                        }
                    }.run();
                }
            });
            Thread.sleep(warmup.toMillis());
            meter.begin();
            Thread.sleep(duration.toMillis());
            Meter.Measured measured = meter.end();
            stop.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (running.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return new Result(measured.units(), errors.get(), measured.seconds(), measured.latencyMicros(),
                    measured.series(), samples);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Vertx vertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setPreferNativeTransport(false));
    }

    private HttpClient client(Vertx vertx, int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost(host)
                .setDefaultPort(port).setPipelining(false), new PoolOptions().setHttp1MaxSize(connections));
    }

    /** Sends one request; {@code done} gets null for a 2xx response with its body read, else what went wrong. */
    private static void send(HttpClient client, Spec spec, java.util.function.Consumer<String> done) {
        RequestOptions options = new RequestOptions().setMethod(spec.method()).setURI(spec.path()).setTimeout(10_000);
        spec.headers().forEach(options::putHeader);
        client.request(options)
                .compose(request -> spec.body() == null ? request.send() : request.send(Buffer.buffer(spec.body())))
                .compose(response -> response.body().map(body -> response.statusCode() / 100 == 2 ? null
                        : "HTTP " + response.statusCode() + " " + truncate(body.toString())))
                .onComplete(result -> done.accept(result.succeeded() ? result.result() : String.valueOf(result.cause())));
    }

    private static String truncate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static void note(List<String> samples, String outcome) {
        synchronized (samples) {
            if (samples.size() < 3) {
                samples.add(outcome);
            }
        }
    }
}
