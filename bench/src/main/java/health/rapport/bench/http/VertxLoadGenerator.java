package health.rapport.bench.http;

import health.rapport.bench.LatencyProfile;
import health.rapport.bench.Meter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in generator, for machines without wrk: Vert.x's HTTP client on {@code threads} event loops, the
 * connections shared out among them, latencies in an HdrHistogram, a throughput sample every second.
 */
public final class VertxLoadGenerator implements LoadGenerator {

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public LoadResult run(String url, int connections, int threads, Duration warmup, Duration duration)
            throws Exception {
        URI uri = URI.create(url);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads).setWorkerPoolSize(1)
                .setPreferNativeTransport(false));
        Meter meter = new Meter("hello-world Quarkus, " + connections + " connections (Vert.x client)", "req/s");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        AtomicLong firstError = new AtomicLong(-1);
        List<String> errorSamples = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(connections);
        try {
            for (int t = 0; t < threads; t++) {
                int share = connections / threads + (t < connections % threads ? 1 : 0);
                if (share == 0) {
                    continue;
                }
                Context context = vertx.getOrCreateContext();
                context.runOnContext(ignored -> {
                    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                                    .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()).setPipelining(false),
                            new PoolOptions().setHttp1MaxSize(share));
                    for (int c = 0; c < share; c++) {
                        new Runnable() {
                            @Override
                            public void run() {
                                if (stop.get()) {
                                    finished.countDown();
                                    return;
                                }
                                long t0 = System.nanoTime();
                                client.request(HttpMethod.GET, path)
                                        .compose(request -> request.send()
                                                .compose(response -> response.body().map(body -> response.statusCode())))
                                        .onComplete(result -> {
                                            long nanos = System.nanoTime() - t0;
                                            if (result.succeeded() && result.result() / 100 == 2) {
                                                meter.record(1, nanos);
                                            } else if (meter.measuring()) {
                                                errors.incrementAndGet();
                                                synchronized (errorSamples) {
                                                    if (errorSamples.size() < 3) {
                                                        errorSamples.add(result.succeeded() ? "HTTP " + result.result()
                                                                : String.valueOf(result.cause()));
                                                    }
                                                }
                                                firstError.compareAndSet(-1, System.nanoTime());
                                            }
                                            run();
                                        });
                            }
                        }.run();
                    }
                });
            }
            Thread.sleep(warmup.toMillis());
            meter.begin();
            Thread.sleep(duration.toMillis());
            Meter.Measured measured = meter.end();
            stop.set(true);
            if (!finished.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests still in flight 10 s after the end");
            }
            if (!errorSamples.isEmpty()) {
                System.err.println("  first failed requests: " + errorSamples);
            }
            return new LoadResult(measured.units(), measured.seconds(), errors.get(),
                    LatencyProfile.ofMicros("hello-world Quarkus (Vert.x client, " + connections + " connections)",
                            measured.latencyMicros()), measured.series());
        } finally {
            stop.set(true);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
