/**
 * The benchmark harness: {@link health.rapport.bench.Figure}s measured beside ceilings of the same run,
 * {@link health.rapport.bench.Report} per benchmark, {@link health.rapport.bench.Results} (results.csv, latest.md,
 * plots), {@link health.rapport.bench.Machine} facts and the {@link health.rapport.bench.BenchCli} command line.
 *
 * <p>Benchmarks live in sub-packages: {@code kafka}, {@code postgres}, {@code http} (the ceilings and the Rapport
 * figures that need no service), {@code jmh}. Planned, in the same shape (a class with {@code run(Report, Path)}
 * and a subcommand in BenchCli): {@code replay} (the simulator's seeded histories through message-service and
 * engagement-service, one figure per stage against the ceiling of that stage) and {@code services} (message-service
 * POST rate through the gateway against {@code http.hello.requests_per_s}, measured with the same load generator;
 * the outbox relay rate against {@code kafka.raw.produce.records_per_s}; engagement counter upserts against
 * {@code pg.raw.upsert.rows_per_s}). {@link health.rapport.bench.RealisticData} stands in for the simulator until then.
 */
package health.rapport.bench;
