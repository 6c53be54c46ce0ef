package health.rapport.bench.postgres;

import health.rapport.bench.Figure;
import health.rapport.bench.LatencyProfile;
import health.rapport.bench.Meter;
import health.rapport.bench.Project;
import health.rapport.bench.RealisticData;
import health.rapport.bench.Report;
import health.rapport.bench.Servers;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.Topics;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Raw PostgreSQL ceilings on the services' own tables, and the services' per-event transactions beside them,
 * all with plain JDBC against one real PostgreSQL 17 started for the run.
 *
 * <p>Ceilings: batched INSERT of {@code message} rows (message-service's table, with its indexes and foreign key)
 * and batched upsert of {@code clinician_daily_count} (engagement-service's table and statement) on a skewed key
 * distribution. Figures: message-service's reply transaction (lock the thread, find unanswered patient messages,
 * insert the message, mark what it answers, move the thread, write the outbox row with the encoded event) and
 * engagement-service's counting transaction (processed-event insert, then the count upsert), one transaction
 * per message or event as the services run them.
 */
public final class PostgresBench {

    public static final String NAME = "postgres";

    /**
     * @param seconds           measured seconds per test
     * @param warmupSeconds     seconds run before measuring
     * @param batch             rows per batch of the ceilings
     * @param connections       connections (one thread each) per test
     * @param threads           conversation threads created before the tests
     * @param synchronousCommit PostgreSQL's synchronous_commit for the benchmark connections ({@code off} as
     *                          the local stack and the tests run it, or {@code on})
     */
    public record Options(int seconds, int warmupSeconds, int batch, int connections, int threads,
            String synchronousCommit) {

        public static Options defaults() {
            return new Options(6, 2, 500, Runtime.getRuntime().availableProcessors(), 20_000, "off");
        }
    }

    private static final String INSERT_MESSAGE = "insert into message (id, thread_id, sender_id, sender_role, body, "
            + "sent_at, kind, in_response_to, text_fingerprint, answered_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** engagement-service's DailyCountRepository.increment, as JDBC. */
    static final String UPSERT_COUNT = "insert into clinician_daily_count (clinician_id, day, kind, count) "
            + "values (?, ?, ?, ?) on conflict (clinician_id, day, kind) "
            + "do update set count = clinician_daily_count.count + excluded.count";
    private static final String INSERT_PROCESSED = "insert into processed_event (consumer, event_id, processed_at) "
            + "values (?, ?, now()) on conflict do nothing";
    private static final String INSERT_OUTBOX = "insert into outbox_event (event_id, topic, record_key, event_type, "
            + "payload, created_at) values (?, ?, ?, ?, ?, ?)";
    private static final int BODIES = 4_000;
    /** Messages per simulated day: the study's 25 million interactions over about three years. */
    static final int EVENTS_PER_DAY = 25_000;

    private final Project project;
    private final Options options;

    public PostgresBench(Project project, Options options) {
        this.project = project;
        this.options = options;
    }

    /** A conversation thread created before the tests. */
    record ThreadRow(UUID id, String patient, String clinician) {
    }

    public void run(Report report, Path scratch) throws Exception {
        report.setting(options.connections() + " connections, " + options.seconds() + " s measured after "
                + options.warmupSeconds() + " s of warm-up per test; batches of " + options.batch()
                + " rows (reWriteBatchedInserts=true); synchronous_commit=" + options.synchronousCommit()
                + "; tables from the services' own Flyway migrations");
        try (Servers.Postgres pg = Servers.Postgres.start(project, scratch)) {
            // Each test gets a database of its own, fresh from the migrations: no test inherits another's rows.
            String params = "reWriteBatchedInserts=true&options=-c%20synchronous_commit%3D" + options.synchronousCommit();
            List<ThreadRow> created = List.of();
            for (String db : List.of("message_insert", "message_reply")) {
                pg.createDatabase(db);
                try (Connection c = pg.connect(db, null)) {
                    Migrations.apply(c, Migrations.messageService(project.root()));
                }
                created = createThreads(pg, db, params);
            }
            List<ThreadRow> threads = created;
            for (String db : List.of("engagement_upsert", "engagement_count")) {
                pg.createDatabase(db);
                try (Connection c = pg.connect(db, null)) {
                    Migrations.apply(c, Migrations.engagementService(project.root()));
                }
            }
            try (Connection c = pg.connect("postgres", null); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select version()")) {
                rs.next();
                report.setting(rs.getString(1).replaceAll(" on .*", "") + "; each test on its own database fresh "
                        + "from the migrations, the message databases with " + threads.size() + " threads; message "
                        + "bodies log-normal around 350 characters; counts keyed over " + RealisticData.CLINICIANS
                        + " clinicians (log-normal activity), 5 kinds, " + EVENTS_PER_DAY + " events per simulated day");
            }
            List<String> bodies = bodies();
            AtomicInteger seeds = new AtomicInteger(1);

            // Ceiling: batched INSERT of message rows.
            Meter.Measured insert = new Meter("raw batched INSERT into message", "rows/s").loop(options.connections(),
                    warmup(), measured(), () -> batchInsert(pg.connect("message_insert", params), threads, bodies,
                            new RealisticData(seeds.getAndIncrement())));
            Figure insertCeiling = report.add("pg.raw.insert.rows_per_s", insert.rate(), "rows/s");
            report.addSeries(insert.series());
            report.addProfile(LatencyProfile.ofMicros("raw INSERT, per batch of " + options.batch(),
                    insert.latencyMicros()));

            // Ceiling: batched upsert of daily counts.
            Meter.Measured upsert = new Meter("raw batched upsert of clinician_daily_count", "rows/s")
                    .loop(options.connections(), warmup(), measured(),
                            () -> batchUpsert(pg.connect("engagement_upsert", params), new RealisticData(seeds.getAndIncrement())));
            Figure upsertCeiling = report.add("pg.raw.upsert.rows_per_s", upsert.rate(), "rows/s");
            report.addSeries(upsert.series());
            report.addProfile(LatencyProfile.ofMicros("raw upsert, per batch of " + options.batch(),
                    upsert.latencyMicros()));

            // message-service's reply transaction, one per message.
            Meter.Measured replies = new Meter("message-service reply transaction (JDBC)", "rows/s")
                    .loop(options.connections(), warmup(), measured(), () -> replyTransaction(
                            pg.connect("message_reply", params), threads, bodies, new RealisticData(seeds.getAndIncrement())));
            report.add("pg.rapport.reply_tx.rows_per_s", replies.rate(), "rows/s", insertCeiling);
            report.addSeries(replies.series());
            report.addLatencies("pg.rapport.reply_tx", LatencyProfile.ofMicros("reply transaction",
                    replies.latencyMicros()));

            // engagement-service's counting transaction, one per event.
            Meter.Measured counts = new Meter("engagement-service count transaction (JDBC)", "rows/s")
                    .loop(options.connections(), warmup(), measured(), () -> countTransaction(
                            pg.connect("engagement_count", params), new RealisticData(seeds.getAndIncrement())));
            report.add("pg.rapport.count_tx.rows_per_s", counts.rate(), "rows/s", upsertCeiling);
            report.addSeries(counts.series());
            report.addLatencies("pg.rapport.count_tx", LatencyProfile.ofMicros("count transaction",
                    counts.latencyMicros()));
        }
    }

    private Duration warmup() {
        return Duration.ofSeconds(options.warmupSeconds());
    }

    private Duration measured() {
        return Duration.ofSeconds(options.seconds());
    }

    /** The same threads (fixed seed) in the given database. */
    private List<ThreadRow> createThreads(Servers.Postgres pg, String database, String params) throws SQLException {
        RealisticData data = new RealisticData(7);
        List<ThreadRow> threads = new ArrayList<>(options.threads());
        try (Connection c = pg.connect(database, params)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into thread (id, patient_id, clinician_id, "
                    + "subject, category, priority, status, origin, created_at, last_message_at) "
                    + "values (?, ?, ?, ?, ?, ?, 'OPEN', 'PORTAL', ?, ?)")) {
                for (int i = 0; i < options.threads(); i++) {
                    ThreadRow thread = new ThreadRow(data.uuid(), data.patient(), data.clinician());
                    threads.add(thread);
                    Timestamp at = Timestamp.from(data.nextTime());
                    insert.setObject(1, thread.id());
                    insert.setString(2, thread.patient());
                    insert.setString(3, thread.clinician());
                    insert.setString(4, "Question about my " + RealisticData.CATEGORIES.get(i % 6));
                    insert.setString(5, RealisticData.CATEGORIES.get(data.nextInt(RealisticData.CATEGORIES.size())));
                    insert.setString(6, "routine");
                    insert.setTimestamp(7, at);
                    insert.setTimestamp(8, at);
                    insert.addBatch();
                    if (i % options.batch() == options.batch() - 1) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
            }
        }
        return threads;
    }

    private static List<String> bodies() {
        RealisticData data = new RealisticData(11);
        List<String> bodies = new ArrayList<>(BODIES);
        for (int i = 0; i < BODIES; i++) {
            bodies.add(data.body());
        }
        return bodies;
    }

    /** A step that owns a connection and closes it when the loop ends. */
    private abstract static class ConnectionStep implements Meter.Step, AutoCloseable {
        final Connection connection;

        ConnectionStep(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    private Meter.Step batchInsert(Connection connection, List<ThreadRow> threads, List<String> bodies,
            RealisticData data) throws SQLException {
        PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE);
        return new ConnectionStep(connection) {
            @Override
            public long run() throws SQLException {
                for (int i = 0; i < options.batch(); i++) {
                    ThreadRow thread = threads.get(data.nextInt(threads.size()));
                    boolean patient = data.nextInt(2) == 0;
                    bindMessage(insert, data.uuid(), thread, patient, bodies.get(data.nextInt(bodies.size())),
                            data.nextTime(), patient ? MessageKind.PATIENT_FOLLOW_UP : MessageKind.PROVIDER_FOLLOW_UP,
                            null, data.fingerprint());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                return options.batch();
            }
        };
    }

    private static void bindMessage(PreparedStatement insert, UUID id, ThreadRow thread, boolean patient, String body,
            Instant sentAt, MessageKind kind, UUID inResponseTo, long fingerprint) throws SQLException {
        insert.setObject(1, id);
        insert.setObject(2, thread.id());
        insert.setString(3, patient ? thread.patient() : thread.clinician());
        insert.setString(4, patient ? ParticipantRole.PATIENT.name() : ParticipantRole.CLINICIAN.name());
        insert.setString(5, body);
        insert.setTimestamp(6, Timestamp.from(sentAt));
        insert.setString(7, kind.name());
        insert.setObject(8, inResponseTo, Types.OTHER);
        insert.setLong(9, fingerprint);
        insert.setNull(10, Types.OTHER);
    }

    /** One key of clinician_daily_count. */
    record CountKey(String clinician, LocalDate day, MessageKind kind) implements Comparable<CountKey> {
        @Override
        public int compareTo(CountKey o) {
            int c = clinician.compareTo(o.clinician);
            if (c == 0) {
                c = day.compareTo(o.day);
            }
            return c != 0 ? c : kind.compareTo(o.kind);
        }
    }

    /**
     * The next batch of distinct keys with their counts: events drawn (clinicians by activity, the study's kinds, the
     * simulated day) until {@code size} keys are distinct; repeats add up, as a batching consumer would fold them.
     * Sorted, so concurrent batches lock rows in one order and cannot deadlock.
     */
    static TreeMap<CountKey, Long> countBatch(RealisticData data, int size, long[] events) {
        TreeMap<CountKey, Long> batch = new TreeMap<>();
        LocalDate epoch = LocalDate.of(2025, 3, 3);
        while (batch.size() < size) {
            LocalDate day = epoch.plusDays(events[0]++ / EVENTS_PER_DAY);
            batch.merge(new CountKey(data.clinician(), day, data.kind()), 1L, Long::sum);
        }
        return batch;
    }

    private Meter.Step batchUpsert(Connection connection, RealisticData data) throws SQLException {
        PreparedStatement upsert = connection.prepareStatement(UPSERT_COUNT);
        long[] events = {0};
        return new ConnectionStep(connection) {
            @Override
            public long run() throws SQLException {
                TreeMap<CountKey, Long> batch = countBatch(data, options.batch(), events);
                for (Map.Entry<CountKey, Long> entry : batch.entrySet()) {
                    upsert.setString(1, entry.getKey().clinician());
                    upsert.setObject(2, entry.getKey().day());
                    upsert.setString(3, entry.getKey().kind().name());
                    upsert.setLong(4, entry.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
                connection.commit();
                return batch.size();
            }
        };
    }

    /** message-service's ThreadService.reply, statement for statement, over JDBC. */
    private Meter.Step replyTransaction(Connection connection, List<ThreadRow> threads, List<String> bodies,
            RealisticData data) throws SQLException {
        PreparedStatement lock = connection.prepareStatement(
                "select id, patient_id, clinician_id, category, priority, status from thread where id = ? for update");
        PreparedStatement unanswered = connection.prepareStatement("select id, sent_at from message where thread_id = ? "
                + "and sender_role = 'PATIENT' and answered_by is null order by sent_at");
        PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE);
        PreparedStatement answer = connection.prepareStatement("update message set answered_by = ? where id = any (?)");
        PreparedStatement touch = connection.prepareStatement("update thread set last_message_at = ? where id = ?");
        PreparedStatement outbox = connection.prepareStatement(INSERT_OUTBOX);
        return new ConnectionStep(connection) {
            @Override
            public long run() throws SQLException {
                ThreadRow thread = threads.get(data.nextInt(threads.size()));
                String category;
                String priority;
                lock.setObject(1, thread.id());
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("thread " + thread.id() + " is missing");
                    }
                    category = rs.getString("category");
                    priority = rs.getString("priority");
                }
                List<UUID> open = new ArrayList<>();
                Instant oldest = null;
                unanswered.setObject(1, thread.id());
                try (ResultSet rs = unanswered.executeQuery()) {
                    while (rs.next()) {
                        open.add(rs.getObject(1, UUID.class));
                        if (oldest == null) {
                            oldest = rs.getTimestamp(2).toInstant();
                        }
                    }
                }
                boolean patient = data.nextInt(2) == 0;
                MessageKind kind = patient ? MessageKind.PATIENT_FOLLOW_UP
                        : open.isEmpty() ? MessageKind.PROVIDER_FOLLOW_UP : MessageKind.PROVIDER_RESPONSE;
                UUID id = data.uuid();
                Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                String body = bodies.get(data.nextInt(bodies.size()));
                long fingerprint = data.fingerprint();
                bindMessage(insert, id, thread, patient, body, now, kind, null, fingerprint);
                insert.executeUpdate();
                boolean response = kind == MessageKind.PROVIDER_RESPONSE;
                if (response) {
                    Array ids = connection.createArrayOf("uuid", open.toArray());
                    answer.setObject(1, id);
                    answer.setArray(2, ids);
                    answer.executeUpdate();
                }
                touch.setTimestamp(1, Timestamp.from(now));
                touch.setObject(2, thread.id());
                touch.executeUpdate();
                MessageSent sent = new MessageSent(id.toString(), thread.id().toString(), thread.patient(),
                        thread.clinician(), patient ? thread.patient() : thread.clinician(),
                        patient ? ParticipantRole.PATIENT : ParticipantRole.CLINICIAN, kind, "portal", category,
                        priority, now, null, response ? Duration.between(oldest, now).toSeconds() : null,
                        response ? open.stream().map(UUID::toString).toList() : null,
                        String.format("%016x", fingerprint), body.length());
                CloudEvent<MessageSent> event = CloudEvent.of(data.uuid().toString(), RealisticData.SOURCE, now, sent);
                outbox.setString(1, event.id());
                outbox.setString(2, Topics.MESSAGE_EVENTS);
                outbox.setString(3, event.subject());
                outbox.setString(4, event.type());
                outbox.setString(5, EventCodec.toJson(event));
                outbox.setTimestamp(6, Timestamp.from(now));
                outbox.executeUpdate();
                connection.commit();
                return 1;
            }
        };
    }

    /** engagement-service's counting of one MessageSent: processed-event row, then the upsert, one transaction. */
    private Meter.Step countTransaction(Connection connection, RealisticData data) throws SQLException {
        PreparedStatement processed = connection.prepareStatement(INSERT_PROCESSED);
        PreparedStatement upsert = connection.prepareStatement(UPSERT_COUNT);
        long[] events = {0};
        LocalDate epoch = LocalDate.of(2025, 3, 3);
        return new ConnectionStep(connection) {
            @Override
            public long run() throws SQLException {
                processed.setString(1, "engagement-service");
                processed.setString(2, data.uuid().toString());
                if (processed.executeUpdate() == 1) {
                    upsert.setString(1, data.clinician());
                    upsert.setObject(2, epoch.plusDays(events[0]++ / EVENTS_PER_DAY));
                    upsert.setString(3, data.kind().name());
                    upsert.setLong(4, 1);
                    upsert.executeUpdate();
                }
                connection.commit();
                return 1;
            }
        };
    }
}
