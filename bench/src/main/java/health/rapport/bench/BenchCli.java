package health.rapport.bench;

import health.rapport.bench.http.HttpBench;
import health.rapport.bench.http.LoadGenerator;
import health.rapport.bench.jmh.JmhBench;
import health.rapport.bench.kafka.KafkaBench;
import health.rapport.bench.engagement.EngagementBench;
import health.rapport.bench.message.MessageBench;
import health.rapport.bench.postgres.PostgresBench;
import health.rapport.stack.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The benchmark command line; bench/run builds what is needed and starts it. Each benchmark prints one line per
 * figure and writes its results into bench/results (results.csv, latest.md, plots).
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true,
        description = "Rapport benchmarks: ceilings measured in the same run, and figures as ratios of them.",
        subcommands = {BenchCli.Ceilings.class, BenchCli.KafkaCommand.class, BenchCli.PostgresCommand.class,
                BenchCli.HttpCommand.class, BenchCli.JmhCommand.class, BenchCli.MessageCommand.class, BenchCli.EngagementCommand.class, BenchCli.GatewayCommand.class,
                BenchCli.All.class})
public final class BenchCli implements Runnable {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new BenchCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Options every benchmark command has. */
    static final class Common {
        @Option(names = "--results", description = "where results go (default: bench/results of the checkout)")
        Path results;

        @Option(names = "--keep-scratch", description = "keep the temporary folder (server logs, data) for a look")
        boolean keepScratch;

        @Option(names = "--quick", description = "about a quarter of the default sizes and durations: a smoke run")
        boolean quick;
    }

    static final class KafkaOptions {
        @Option(names = "--kafka-records", description = "records per throughput test (default: ${DEFAULT-VALUE})")
        int records = KafkaBench.Options.defaults().records();

        @Option(names = "--kafka-warmup-records", description = "records left out at the start of each produce test (default: ${DEFAULT-VALUE})")
        int warmupRecords = KafkaBench.Options.defaults().warmupRecords();

        @Option(names = "--kafka-rounds", description = "rounds of the throughput tests, best kept (default: ${DEFAULT-VALUE})")
        int rounds = KafkaBench.Options.defaults().rounds();

        @Option(names = "--kafka-paced-rate", description = "records/s of the latency tests (default: ${DEFAULT-VALUE})")
        int pacedRate = KafkaBench.Options.defaults().pacedRate();

        @Option(names = "--kafka-paced-records", description = "records per latency test (default: ${DEFAULT-VALUE})")
        int pacedRecords = KafkaBench.Options.defaults().pacedRecords();

        KafkaBench.Options options(boolean quick) {
            int q = quick ? 4 : 1;
            return new KafkaBench.Options(records / q, warmupRecords / q, quick ? 1 : rounds, pacedRate, pacedRecords / q);
        }
    }

    static final class PostgresOptions {
        @Option(names = "--pg-seconds", description = "measured seconds per test (default: ${DEFAULT-VALUE})")
        int seconds = PostgresBench.Options.defaults().seconds();

        @Option(names = "--pg-warmup-seconds", description = "warm-up seconds per test (default: ${DEFAULT-VALUE})")
        int warmupSeconds = PostgresBench.Options.defaults().warmupSeconds();

        @Option(names = "--pg-batch", description = "rows per batch of the ceilings (default: ${DEFAULT-VALUE})")
        int batch = PostgresBench.Options.defaults().batch();

        @Option(names = "--pg-connections", description = "connections per test (default: cores = ${DEFAULT-VALUE})")
        int connections = PostgresBench.Options.defaults().connections();

        @Option(names = "--pg-threads", description = "conversation threads created first (default: ${DEFAULT-VALUE})")
        int threads = PostgresBench.Options.defaults().threads();

        @Option(names = "--pg-synchronous-commit", description = "off (as the local stack and tests run PostgreSQL) or on (default: ${DEFAULT-VALUE})")
        String synchronousCommit = PostgresBench.Options.defaults().synchronousCommit();

        PostgresBench.Options options(boolean quick) {
            if (!synchronousCommit.equals("on") && !synchronousCommit.equals("off")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--pg-synchronous-commit is on or off");
            }
            return new PostgresBench.Options(quick ? Math.max(2, seconds / 4) : seconds,
                    quick ? 1 : warmupSeconds, batch, connections, quick ? threads / 4 : threads, synchronousCommit);
        }
    }

    static final class HttpOptions {
        @Option(names = "--http-seconds", description = "measured seconds (default: ${DEFAULT-VALUE})")
        int seconds = HttpBench.Options.defaults().seconds();

        @Option(names = "--http-warmup-seconds", description = "warm-up seconds (default: ${DEFAULT-VALUE})")
        int warmupSeconds = HttpBench.Options.defaults().warmupSeconds();

        @Option(names = "--http-connections", description = "keep-alive connections (default: ${DEFAULT-VALUE})")
        int connections = HttpBench.Options.defaults().connections();

        @Option(names = "--http-threads", description = "load generator threads (default: ${DEFAULT-VALUE})")
        int threads = HttpBench.Options.defaults().threads();

        @Option(names = "--http-generator", description = "auto (wrk if installed, else vertx), wrk or vertx (default: ${DEFAULT-VALUE})")
        HttpBench.Generator generator = HttpBench.Options.defaults().generator();

        HttpBench.Options options(boolean quick) {
            return new HttpBench.Options(quick ? Math.max(2, seconds / 4) : seconds, quick ? Math.max(2, warmupSeconds / 4) : warmupSeconds,
                    connections, threads, generator);
        }
    }

    static final class JmhOptions {
        @Option(names = "--jmh-forks", description = "forked JVMs (default: ${DEFAULT-VALUE})")
        int forks = JmhBench.Options.defaults().forks();

        @Option(names = "--jmh-warmup-iterations", description = "warm-up iterations (default: ${DEFAULT-VALUE})")
        int warmupIterations = JmhBench.Options.defaults().warmupIterations();

        @Option(names = "--jmh-iterations", description = "measured iterations (default: ${DEFAULT-VALUE})")
        int iterations = JmhBench.Options.defaults().iterations();

        @Option(names = "--jmh-iteration-seconds", description = "seconds per iteration (default: ${DEFAULT-VALUE})")
        int iterationSeconds = JmhBench.Options.defaults().iterationSeconds();

        JmhBench.Options options(boolean quick) {
            return quick ? new JmhBench.Options(1, 1, 2, 1)
                    : new JmhBench.Options(forks, warmupIterations, iterations, iterationSeconds);
        }
    }

    static final class GatewayOptions {
        @Option(names = "--gateway-seconds", description = "measured seconds of each wrk run (default: ${DEFAULT-VALUE})")
        int seconds = health.rapport.bench.gateway.GatewayBench.Options.defaults().seconds();

        @Option(names = "--gateway-rounds", description = "direct/gateway pairs per connection count (default: ${DEFAULT-VALUE})")
        int rounds = health.rapport.bench.gateway.GatewayBench.Options.defaults().rounds();

        @Option(names = "--gateway-connections", description = "connections of the throughput runs (default: ${DEFAULT-VALUE})")
        int connections = health.rapport.bench.gateway.GatewayBench.Options.defaults().connections();

        @Option(names = "--gateway-warmup-seconds", description = "warm-up of each side before the rounds (default: ${DEFAULT-VALUE})")
        int warmupSeconds = health.rapport.bench.gateway.GatewayBench.Options.defaults().warmupSeconds();

        health.rapport.bench.gateway.GatewayBench.Options options(boolean quick) {
            var defaults = health.rapport.bench.gateway.GatewayBench.Options.defaults();
            return new health.rapport.bench.gateway.GatewayBench.Options(quick ? Math.max(2, seconds / 4) : seconds,
                    quick ? 2 : warmupSeconds, connections, quick ? 1 : rounds, defaults.threads());
        }
    }

    static final class MessageOptions {
        @Option(names = "--message-days", description = "simulated days of the clinic preset (50 clinicians, 2,000 patients; default: ${DEFAULT-VALUE}, about 96,000 Communications)")
        int days = MessageBench.Options.defaults().days();

        @Option(names = "--message-rate", description = "requests/s of the fixed-rate POST test and its ceiling (default: ${DEFAULT-VALUE})")
        int rate = MessageBench.Options.defaults().rate();

        @Option(names = "--message-warmup-seconds", description = "warm-up seconds of each HTTP test (default: ${DEFAULT-VALUE})")
        int warmupSeconds = MessageBench.Options.defaults().warmupSeconds();

        @Option(names = "--message-seconds", description = "measured seconds of each fixed-rate test (default: ${DEFAULT-VALUE})")
        int seconds = MessageBench.Options.defaults().seconds();

        @Option(names = "--message-max-seconds", description = "measured seconds of each closed-loop (max throughput) test, 0 for none (default: ${DEFAULT-VALUE})")
        int maxSeconds = MessageBench.Options.defaults().maxSeconds();

        @Option(names = "--message-threads", description = "portal threads the POSTs go to (default: ${DEFAULT-VALUE})")
        int threads = MessageBench.Options.defaults().threads();

        @Option(names = "--message-connections", description = "connections of the closed-loop tests (default: ${DEFAULT-VALUE})")
        int connections = MessageBench.Options.defaults().connections();

        @Option(names = "--message-raw-connections", description = "connections of the raw insert ceiling (default: cores = ${DEFAULT-VALUE})")
        int rawConnections = MessageBench.Options.defaults().rawConnections();

        @Option(names = "--message-batch", description = "messages per transaction of the raw insert ceiling (default: ${DEFAULT-VALUE})")
        int batch = MessageBench.Options.defaults().batch();

        @Option(names = "--message-skip-rest", description = "only the EHR ingest, no REST tests")
        boolean skipRest;

        @Option(names = "--message-service-jvm-flag", description = "an extra JVM flag for message-service, e.g. -XX:StartFlightRecording=filename=/tmp/ms.jfr (repeatable)")
        List<String> serviceJvmFlags = new ArrayList<>();

        MessageBench.Options options(boolean quick) {
            return new MessageBench.Options(quick ? Math.max(7, days / 4) : days, rate,
                    quick ? Math.max(2, warmupSeconds / 4) : warmupSeconds, quick ? Math.max(2, seconds / 4) : seconds,
                    quick ? Math.min(maxSeconds, Math.max(2, maxSeconds / 4)) : maxSeconds, threads, connections,
                    rawConnections, batch, !skipRest, List.copyOf(serviceJvmFlags));
        }
    }

    static final class EngagementOptions {
        @Option(names = "--engagement-days", description = "simulated days of the clinic preset, ending today (default: ${DEFAULT-VALUE})")
        int days = EngagementBench.Options.defaults().days();

        @Option(names = "--engagement-freshness-rate", description = "message.sent events/s of the freshness test (default: ${DEFAULT-VALUE})")
        int freshnessRate = EngagementBench.Options.defaults().freshnessRate();

        @Option(names = "--engagement-freshness-seconds", description = "measured seconds of the freshness test (default: ${DEFAULT-VALUE})")
        int freshnessSeconds = EngagementBench.Options.defaults().freshnessSeconds();

        @Option(names = "--engagement-read-clinicians", description = "clinicians of the read test's history (default: ${DEFAULT-VALUE})")
        int readClinicians = EngagementBench.Options.defaults().readClinicians();

        @Option(names = "--engagement-read-days", description = "days of the read test's history (default: ${DEFAULT-VALUE})")
        int readDays = EngagementBench.Options.defaults().readDays();

        @Option(names = "--engagement-read-per-day", description = "facts per clinician-day of the read test's history (default: ${DEFAULT-VALUE})")
        double readPerDay = EngagementBench.Options.defaults().readPerDay();

        @Option(names = "--engagement-read-rate", description = "requests/s of the read test (default: ${DEFAULT-VALUE})")
        int readRate = EngagementBench.Options.defaults().readRate();

        @Option(names = "--engagement-read-seconds", description = "measured seconds of the read test (default: ${DEFAULT-VALUE})")
        int readSeconds = EngagementBench.Options.defaults().readSeconds();

        @Option(names = "--engagement-warmup-seconds", description = "warm-up seconds of the freshness test (default: ${DEFAULT-VALUE})")
        int warmupSeconds = EngagementBench.Options.defaults().warmupSeconds();

        @Option(names = "--engagement-read-warmup-seconds", description = "warm-up seconds of the read test and its ceiling (default: ${DEFAULT-VALUE})")
        int readWarmupSeconds = EngagementBench.Options.defaults().readWarmupSeconds();

        @Option(names = "--engagement-service-jvm-flag", description = "an extra JVM flag for engagement-service (repeatable)")
        List<String> serviceJvmFlags = new ArrayList<>();

        @Option(names = "--engagement-skip-reads", description = "no read test: only the replay, the truth check and freshness")
        boolean skipReads;

        EngagementBench.Options options(boolean quick) {
            return new EngagementBench.Options(quick ? Math.max(7, days / 4) : days, freshnessRate,
                    quick ? Math.max(2, freshnessSeconds / 4) : freshnessSeconds,
                    quick ? Math.max(100, readClinicians / 10) : readClinicians, readDays, readPerDay, readRate,
                    quick ? Math.max(2, readSeconds / 4) : readSeconds,
                    quick ? Math.max(2, warmupSeconds / 4) : warmupSeconds,
                    quick ? Math.max(2, readWarmupSeconds / 4) : readWarmupSeconds,
                    EngagementBench.Options.defaults().rawBatch(), List.copyOf(serviceJvmFlags), !skipReads);
        }
    }

    /** One benchmark to run: its name is known up front, except HTTP's, which names the generator. */
    interface Benchmark {
        String name(Path scratch);

        void run(Report report, Path scratch) throws Exception;
    }

    /** Runs benchmarks one after the other in one run (one date, one machine); a failure does not stop the rest. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Common common;

        abstract List<Benchmark> benchmarks(Project project);

        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            Project project = Project.locate();
            Results results = new Results(common.results != null ? common.results : project.resultsDir());
            Run run = Run.now(project.root());
            double load = loadBefore();
            System.out.println("Rapport bench: " + run.line());
            List<String> failed = new ArrayList<>();
            for (Benchmark benchmark : benchmarks(project)) {
                Path scratch = Files.createTempDirectory("rapport-bench-");
                String name = benchmark.name(scratch);
                System.out.println();
                System.out.println("== " + name);
                long t0 = System.nanoTime();
                Report report = new Report(name, System.out);
                if (load >= 0) {
                    report.setting(String.format(java.util.Locale.ROOT, "1-minute load average %.2f before this run "
                            + "(%d cores)%s", load, run.machine().cores(), load > run.machine().cores() / 2.0
                            ? ": other work was running, figures may be low and noisy" : ""));
                }
                try {
                    benchmark.run(report, scratch);
                } catch (Exception | Error e) {
                    System.out.println("!! " + name + " failed: " + e);
                    e.printStackTrace(System.err);
                    failed.add(name);
                    continue;
                } finally {
                    if (common.keepScratch) {
                        System.out.println("  scratch kept at " + scratch);
                    } else {
                        try {
                            Cli.deleteTree(scratch);
                        } catch (RuntimeException e) {
                            System.err.println("  could not delete " + scratch + ": " + e.getMessage());
                        }
                    }
                }
                List<Path> written = results.write(run, report);
                System.out.println("  " + name + " took " + seconds(System.nanoTime() - t0) + "; wrote "
                        + written.stream().map(p -> p.getFileName().toString()).distinct().toList() + " in "
                        + results.dir());
            }
            System.out.println();
            System.out.println("== done in " + seconds(System.nanoTime() - started)
                    + (failed.isEmpty() ? "" : "; FAILED: " + failed) + "; results in " + results.latest());
            return failed.isEmpty() ? 0 : 1;
        }

        /**
         * The 1-minute load average before any benchmark of this run: from bench/run, read before its build
         * ({@code rapport.bench.load}), else now. It shows other work on the machine, not this run's own.
         */
        static double loadBefore() {
            try {
                return Double.parseDouble(System.getProperty("rapport.bench.load", ""));
            } catch (NumberFormatException notGiven) {
                return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            }
        }

        static String seconds(long nanos) {
            long s = Duration.ofNanos(nanos).toSeconds();
            return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
        }

        Benchmark kafka(Project project, KafkaOptions options) {
            return new Benchmark() {
                public String name(Path scratch) {
                    return KafkaBench.NAME;
                }

                public void run(Report report, Path scratch) throws Exception {
                    new KafkaBench(project, options.options(common.quick)).run(report, scratch);
                }
            };
        }

        Benchmark postgres(Project project, PostgresOptions options) {
            return new Benchmark() {
                public String name(Path scratch) {
                    return PostgresBench.NAME;
                }

                public void run(Report report, Path scratch) throws Exception {
                    new PostgresBench(project, options.options(common.quick)).run(report, scratch);
                }
            };
        }

        Benchmark http(Project project, HttpOptions options) {
            HttpBench bench = new HttpBench(project, options.options(common.quick));
            return new Benchmark() {
                LoadGenerator generator;

                public String name(Path scratch) {
                    generator = bench.generator(scratch);
                    return HttpBench.benchmarkName(generator);
                }

                public void run(Report report, Path scratch) throws Exception {
                    bench.run(report, generator, scratch);
                }
            };
        }

        Benchmark message(Project project, MessageOptions options) {
            return new Benchmark() {
                public String name(Path scratch) {
                    return MessageBench.NAME;
                }

                public void run(Report report, Path scratch) throws Exception {
                    new MessageBench(project, options.options(common.quick)).run(report, scratch);
                }
            };
        }

        Benchmark gateway(Project project, GatewayOptions options) {
            return new Benchmark() {
                public String name(Path scratch) {
                    return health.rapport.bench.gateway.GatewayBench.NAME;
                }

                public void run(Report report, Path scratch) throws Exception {
                    new health.rapport.bench.gateway.GatewayBench(project, options.options(common.quick))
                            .run(report, scratch);
                }
            };
        }

        Benchmark engagement(Project project, EngagementOptions options) {
            return new Benchmark() {
                public String name(Path scratch) {
                    return EngagementBench.NAME;
                }

                public void run(Report report, Path scratch) throws Exception {
                    new EngagementBench(project, options.options(common.quick)).run(report, scratch);
                }
            };
        }

        Benchmark jmh(JmhOptions options) {
            return new Benchmark() {
                public String name(Path scratch) {
                    return JmhBench.NAME;
                }

                public void run(Report report, Path scratch) throws Exception {
                    new JmhBench(options.options(common.quick)).run(report);
                }
            };
        }
    }

    @Command(name = "ceilings", mixinStandardHelpOptions = true,
            description = "The raw ceilings and the figures beside them: kafka, postgres, http.")
    static final class Ceilings extends Base {
        @Mixin
        KafkaOptions kafka;
        @Mixin
        PostgresOptions postgres;
        @Mixin
        HttpOptions http;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(kafka(project, kafka), postgres(project, postgres), http(project, http));
        }
    }

    @Command(name = "all", mixinStandardHelpOptions = true, description = "ceilings, then the JMH micro-benchmarks.")
    static final class All extends Base {
        @Mixin
        KafkaOptions kafka;
        @Mixin
        PostgresOptions postgres;
        @Mixin
        HttpOptions http;
        @Mixin
        JmhOptions jmh;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(kafka(project, kafka), postgres(project, postgres), http(project, http), jmh(jmh));
        }
    }

    @Command(name = "kafka", mixinStandardHelpOptions = true,
            description = "Raw Kafka produce/consume (Kafka's perf tools) and Rapport's producer/consumer path.")
    static final class KafkaCommand extends Base {
        @Mixin
        KafkaOptions kafka;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(kafka(project, kafka));
        }
    }

    @Command(name = "postgres", mixinStandardHelpOptions = true,
            description = "Raw PostgreSQL batched INSERT and upsert, and the services' per-event transactions.")
    static final class PostgresCommand extends Base {
        @Mixin
        PostgresOptions postgres;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(postgres(project, postgres));
        }
    }

    @Command(name = "http", mixinStandardHelpOptions = true,
            description = "The hello-world Quarkus ceiling under wrk or the built-in Vert.x load generator.")
    static final class HttpCommand extends Base {
        @Mixin
        HttpOptions http;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(http(project, http));
        }
    }

    @Command(name = "message", mixinStandardHelpOptions = true,
            description = "message-service itself: EHR ingest (simulator Communications) against raw batched INSERTs "
                    + "of the same rows, and POST messages at a fixed rate against the hello-world app.")
    static final class MessageCommand extends Base {
        @Mixin
        MessageOptions message;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(message(project, message));
        }
    }

    @Command(name = "engagement", mixinStandardHelpOptions = true,
            description = "engagement-service itself, fed by message-service: the replay of a clinic history to "
                    + "committed counters against raw upserts of the same facts, the truth check of every clinician, "
                    + "publish-to-visible latency at a fixed event rate, and the provider read endpoint over a year "
                    + "of 3,000 clinicians against the hello-world app.")
    static final class EngagementCommand extends Base {
        @Mixin
        EngagementOptions engagement;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(engagement(project, engagement));
        }
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = "The gateway's overhead with wrk: GET /api/v1/threads on message-service directly and "
                    + "through the gateway, alternating rounds, at 1 connection (latency) and at full load (throughput).")
    static final class GatewayCommand extends Base {
        @Mixin
        GatewayOptions gateway;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(gateway(project, gateway));
        }
    }

    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = "JMH micro-benchmarks: EventCodec.toJson/fromJson beside Jackson's tree print/parse.")
    static final class JmhCommand extends Base {
        @Mixin
        JmhOptions jmh;

        @Override
        List<Benchmark> benchmarks(Project project) {
            return List.of(jmh(jmh));
        }
    }
}
