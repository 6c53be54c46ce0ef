package health.rapport.engagement.provider.repository;

import health.rapport.engagement.provider.service.DayTotals;
import health.rapport.engagement.provider.service.HistogramText;
import health.rapport.engagement.provider.service.MessageFact;
import health.rapport.events.MessageKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ledger's tables ({@code message_fact}, {@code answer_claim}, {@code clinician_day}, {@code clinician}) as
 * set-based statements over arrays ({@code unnest}), inside the caller's transaction: each statement costs one round
 * trip whatever the batch's size. Hibernate's entities map the same tables for reads; the ledger writes here because
 * a persistence context that flushes per event made the consumer cost a statement or more per event.
 */
@ApplicationScoped
public class LedgerRows {

    private static final String FACT_COLUMNS = "message_id, revision, clinician_id, patient_id, thread_id, kind,"
            + " sent_at, day, retracted, latency_seconds, fingerprint, templated, due_at, answered_by, answered_at";

    /** One advisory lock per clinician, taken in the array's order (volatile functions run after the sort). */
    private static final String LOCK_CLINICIANS = """
            select pg_advisory_xact_lock(hashtextextended(c, 0))
            from unnest($1::varchar[]) with ordinality as t(c, i) order by i""";

    /** The fact columns of table alias {@code alias}, in {@link #fact(Row)}'s order. */
    private static String qualified(String alias) {
        return FACT_COLUMNS.replaceAll("(\\w+)", alias + ".$1");
    }

    private static final String FACTS = "select " + FACT_COLUMNS + " from message_fact where message_id = any($1::varchar[])";

    private static final String UPSERT_FACTS = """
            insert into message_fact (message_id, revision, event_id, clinician_id, patient_id, thread_id, kind, sent_at,
                day, retracted, latency_seconds, fingerprint, templated, due_at, answered_by, answered_at)
            select * from unnest($1::varchar[], $2::int[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
                $7::varchar[], $8::timestamptz[], $9::date[], $10::boolean[], $11::bigint[], $12::bigint[],
                $13::boolean[], $14::timestamptz[], $15::varchar[], $16::timestamptz[])
            on conflict (message_id) do update set revision = excluded.revision, event_id = excluded.event_id,
                clinician_id = excluded.clinician_id, patient_id = excluded.patient_id, thread_id = excluded.thread_id,
                kind = excluded.kind, sent_at = excluded.sent_at, day = excluded.day, retracted = excluded.retracted,
                latency_seconds = excluded.latency_seconds, fingerprint = excluded.fingerprint,
                templated = excluded.templated, due_at = excluded.due_at, answered_by = excluded.answered_by,
                answered_at = excluded.answered_at""";

    private static final String DROP_CLAIMS =
            "delete from answer_claim where response_id = any($1::varchar[]) returning patient_message_id";

    private static final String INSERT_CLAIMS = """
            insert into answer_claim (id, response_id, patient_message_id)
            select r || '>' || p, r, p from unnest($1::varchar[], $2::varchar[]) as claim(r, p)
            on conflict do nothing""";

    /**
     * A patient message's answer: the earliest live response that claims it; for $1, and for those of $2 that some
     * response claims (one index probe each: a patient message nothing claims keeps its empty answer).
     */
    private static final String ANSWER = """
            with ids as (
                select id from unnest($1::varchar[]) as ids(id)
                union
                select patient_message_id from answer_claim where patient_message_id = any($2::varchar[])),
            best as (
                select p.message_id, r.message_id as answered_by, r.sent_at as answered_at
                from ids join message_fact p on p.message_id = ids.id
                left join lateral (
                    select r.message_id, r.sent_at from answer_claim c join message_fact r on r.message_id = c.response_id
                    where c.patient_message_id = p.message_id and r.kind = 'PROVIDER_RESPONSE' and not r.retracted
                    order by r.sent_at, r.message_id limit 1) r on true
                where p.kind in ('PATIENT_INITIATED', 'PATIENT_FOLLOW_UP'))
            update message_fact f set answered_by = best.answered_by, answered_at = best.answered_at
            from best join message_fact o on o.message_id = best.message_id
            where f.message_id = best.message_id
              and (f.answered_by is distinct from best.answered_by or f.answered_at is distinct from best.answered_at)
            returning %s, o.answered_by, o.answered_at""".formatted(qualified("f"));

    /** Another live response of the clinician within the window and at most $6 bits from the fingerprint. */
    private static final String NEAR_CONDITION = """
            f.clinician_id = %1$s.clinician_id and f.kind = 'PROVIDER_RESPONSE' and not f.retracted
                and f.fingerprint is not null and f.message_id <> %1$s.message_id
                and f.sent_at between %1$s.sent_at - make_interval(secs => $5::float8)
                                  and %1$s.sent_at + make_interval(secs => $5::float8)
                and bit_count((f.fingerprint # %1$s.fingerprint)::bit(64)) <= $6::int""";

    /** The 16-bit bands of migration V5's indexes: at most 3 bits apart, two fingerprints share one. */
    private static final List<String> BANDS = List.of("(%s.fingerprint & 65535)", "((%s.fingerprint >> 16) & 65535)",
            "((%s.fingerprint >> 32) & 65535)", "((%s.fingerprint >> 48) & 65535)");

    /**
     * The responses near response {@code x}, with their flags: by the band indexes when the distance allows, else by
     * scanning the clinician's responses of the window.
     */
    private static String near(String x, int maxDistance) {
        String condition = NEAR_CONDITION.formatted(x);
        if (maxDistance >= BANDS.size()) {
            // The clinician's days of the window (a day either side for the clinic's offset from UTC), by index.
            return "select f.message_id, f.templated from message_fact f where " + condition
                    + (" and f.day between (%1$s.sent_at - make_interval(secs => $5::float8))::date - 1"
                    + " and (%1$s.sent_at + make_interval(secs => $5::float8))::date + 1").formatted(x);
        }
        return BANDS.stream().map(band -> "select f.message_id, f.templated from message_fact f where " + band.formatted("f")
                + " = " + band.formatted(x) + " and " + condition).collect(java.util.stream.Collectors.joining(
                        "\n    union all\n"));
    }

    /**
     * Templated flags over the final facts. Which flags the batch can have changed follows from the relation being
     * symmetric: each changed response's own flag (is anything near it now?); the live responses near a changed
     * response's new text and time, which now have a match (true, no search needed); and those near a changed
     * response's old text and time that are not near its new one, which may have lost their only match (searched).
     * The neighbours of a changed response's new text and time are looked up once ({@code around}), with their
     * flags: they decide its own flag, and only those not yet templated are written. Each step is a lookup by key or
     * a hash or sort over the batch's rows, never a scan repeated per row, so a plan made with stale statistics
     * stays linear.
     */
    private static String templated(int maxDistance) {
        return """
                with probe as (
                    select * from unnest($1::varchar[], $2::varchar[], $3::bigint[], $4::timestamptz[], $7::varchar[])
                        as p(message_id, clinician_id, fingerprint, sent_at, role)),
                around as materialized (
                    select p.message_id as probe_id, n.message_id, n.templated
                    from probe p left join lateral (select * from (%1$s) n where p.role = 'live') n on true
                    where p.role <> 'previous'),
                gained as (
                    select message_id from around where message_id is not null and templated is not true
                    except select message_id from probe where role <> 'previous'),
                lost as (
                    select n.message_id from probe p cross join lateral (%1$s) n
                    where p.role = 'previous' and p.fingerprint is not null
                    except (select message_id from around where message_id is not null
                            union select message_id from probe where role <> 'previous')),
                status as (
                    select probe_id as message_id, bool_or(message_id is not null) as templated
                    from around group by probe_id
                    union all
                    select r.message_id, (not r.retracted and r.fingerprint is not null and exists (%2$s))
                    from lost a join message_fact r on r.message_id = a.message_id
                    where r.kind = 'PROVIDER_RESPONSE'
                    union all
                    select message_id, true from gained)
                update message_fact f set templated = s.templated
                from status s join message_fact o on o.message_id = s.message_id
                where f.message_id = s.message_id and f.templated is distinct from s.templated
                returning %3$s, o.templated""".formatted(near("p", maxDistance), near("r", maxDistance), qualified("f"));
    }

    private static final String DAYS = """
            select d.clinician_id, d.day, patient_initiated, provider_initiated, provider_response, patient_follow_up,
                provider_follow_up, answered, answered_within_target, personal_responses, templated_responses,
                latency_histogram
            from clinician_day d join unnest($1::varchar[], $2::date[]) as k(clinician_id, day)
                on d.clinician_id = k.clinician_id and d.day = k.day""";

    private static final String UPSERT_DAYS = """
            insert into clinician_day (clinician_id, day, patient_initiated, provider_initiated, provider_response,
                patient_follow_up, provider_follow_up, answered, answered_within_target, personal_responses,
                templated_responses, latency_histogram)
            select * from unnest($1::varchar[], $2::date[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[],
                $8::int[], $9::int[], $10::int[], $11::int[], $12::text[])
            on conflict (clinician_id, day) do update set patient_initiated = excluded.patient_initiated,
                provider_initiated = excluded.provider_initiated, provider_response = excluded.provider_response,
                patient_follow_up = excluded.patient_follow_up, provider_follow_up = excluded.provider_follow_up,
                answered = excluded.answered, answered_within_target = excluded.answered_within_target,
                personal_responses = excluded.personal_responses, templated_responses = excluded.templated_responses,
                latency_histogram = excluded.latency_histogram""";

    private static final String MARK_FOR_EVALUATION = """
            insert into clinician (clinician_id, kafka_partition, dirty, tier, tier_since, patient_messages, judged)
            select c, p, true, 'UNRATED', now(), 0, 0 from unnest($1::varchar[], $2::int[]) as t(c, p)
            on conflict (clinician_id) do update set dirty = true, kafka_partition =
                case when excluded.kafka_partition >= 0 then excluded.kafka_partition else clinician.kafka_partition end""";

    private final double templatedRecentSeconds;
    private final int templatedDistance;
    private final String templatedSql;

    public LedgerRows(
            @ConfigProperty(name = "rapport.engagement.templated.max-distance", defaultValue = "3") int templatedDistance,
            @ConfigProperty(name = "rapport.engagement.templated.recent", defaultValue = "P30D") Duration templatedRecent) {
        this.templatedDistance = templatedDistance;
        this.templatedRecentSeconds = templatedRecent.toSeconds();
        this.templatedSql = templated(templatedDistance);
    }

    /**
     * A response at some text and time, around which templated flags are recomputed: its current state ({@code live}
     * or, retracted, {@code dead}) or its state before the batch ({@code previous}).
     */
    public record Probe(String messageId, String clinicianId, Long fingerprint, Instant sentAt, String role) {

        public static final String LIVE = "live";
        public static final String DEAD = "dead";
        public static final String PREVIOUS = "previous";
    }

    /**
     * Plans each statement of this transaction for its own arrays. PostgreSQL would switch a prepared statement to a
     * generic plan after five runs, chosen with the statistics of that moment: on a replay into empty tables that
     * plan scans tables that then grow to millions of rows. Planning costs a millisecond or two per statement.
     */
    public Uni<Void> planForTheseRows(SqlConnection connection) {
        return connection.query("set local plan_cache_mode = force_custom_plan").execute().replaceWithVoid();
    }

    /**
     * Takes the transaction's lock on each of these clinicians (sorted, so two batches cannot wait on each other).
     * Events are keyed by clinician, so batches of different partitions never share one; but while a partition moves
     * (a rebalance, a replica starting) its old and new owner can apply the same events at once. Day rows and answers
     * are computed from the facts a statement sees, so two such transactions would each miss the other's facts; with
     * the lock the second one starts after the first has committed and finds its events already applied.
     */
    public Uni<Void> lockClinicians(SqlConnection connection, Collection<String> clinicianIds) {
        String[] sorted = clinicianIds.stream().distinct().sorted().toArray(String[]::new);
        return connection.preparedQuery(LOCK_CLINICIANS).execute(Tuple.of((Object) sorted)).replaceWithVoid();
    }

    /** The stored facts of these messages, by message id. */
    public Uni<Map<String, MessageFact>> facts(SqlConnection connection, Collection<String> messageIds) {
        return connection.preparedQuery(FACTS).execute(Tuple.of(messageIds.toArray(String[]::new))).map(rows -> {
            Map<String, MessageFact> result = new HashMap<>();
            rows.forEach(row -> {
                MessageFact fact = fact(row);
                result.put(fact.messageId(), fact);
            });
            return result;
        });
    }

    /** Inserts or replaces the facts (one per message id), each with the id of the event it was built from. */
    public Uni<Void> upsertFacts(SqlConnection connection, List<MessageFact> facts, List<String> eventIds) {
        int n = facts.size();
        String[] ids = new String[n];
        Integer[] revisions = new Integer[n];
        String[] events = eventIds.toArray(String[]::new);
        String[] clinicians = new String[n];
        String[] patients = new String[n];
        String[] threads = new String[n];
        String[] kinds = new String[n];
        OffsetDateTime[] sent = new OffsetDateTime[n];
        LocalDate[] days = new LocalDate[n];
        Boolean[] retracted = new Boolean[n];
        Long[] latencies = new Long[n];
        Long[] fingerprints = new Long[n];
        Boolean[] templated = new Boolean[n];
        OffsetDateTime[] due = new OffsetDateTime[n];
        String[] answeredBy = new String[n];
        OffsetDateTime[] answeredAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            MessageFact f = facts.get(i);
            ids[i] = f.messageId();
            revisions[i] = f.revision();
            clinicians[i] = f.clinicianId();
            patients[i] = f.patientId();
            threads[i] = f.threadId();
            kinds[i] = f.kind().name();
            sent[i] = utc(f.sentAt());
            days[i] = f.day();
            retracted[i] = f.retracted();
            latencies[i] = f.latencySeconds();
            fingerprints[i] = f.fingerprint();
            templated[i] = f.kind() == MessageKind.PROVIDER_RESPONSE ? f.templated() : null;
            due[i] = utc(f.dueAt());
            answeredBy[i] = f.answeredBy();
            answeredAt[i] = utc(f.answeredAt());
        }
        return connection.preparedQuery(UPSERT_FACTS).execute(Tuple.tuple(List.of(ids, revisions, events, clinicians,
                patients, threads, kinds, sent, days, retracted, latencies, fingerprints, templated, due, answeredBy,
                answeredAt))).replaceWithVoid();
    }

    /**
     * Replaces the claims of these responses (response id to the patient messages its latest revision answers);
     * emits the patient messages they claimed before, whose answers must be recomputed too.
     */
    public Uni<Set<String>> replaceClaims(SqlConnection connection, Map<String, List<String>> claimsOfResponse) {
        if (claimsOfResponse.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> responses = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        claimsOfResponse.forEach((response, claimed) -> claimed.forEach(patient -> {
            responses.add(response);
            patients.add(patient);
        }));
        return connection.preparedQuery(DROP_CLAIMS).execute(Tuple.of(claimsOfResponse.keySet().toArray(String[]::new)))
                .flatMap(dropped -> {
                    Set<String> previous = new HashSet<>();
                    dropped.forEach(row -> previous.add(row.getString(0)));
                    if (responses.isEmpty()) {
                        return Uni.createFrom().item(previous);
                    }
                    return connection.preparedQuery(INSERT_CLAIMS)
                            .execute(Tuple.of(responses.toArray(String[]::new), patients.toArray(String[]::new)))
                            .replaceWith(previous);
                });
    }

    /**
     * Recomputes the answers of the patient messages {@code recompute}, and of those of {@code ifClaimed} that a
     * response claims; emits those whose answer changed, before and after.
     */
    public Uni<List<Change>> answer(SqlConnection connection, Collection<String> recompute,
            Collection<String> ifClaimed) {
        if (recompute.isEmpty() && ifClaimed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery(ANSWER).execute(Tuple.of(recompute.toArray(String[]::new),
                ifClaimed.toArray(String[]::new))).map(rows -> changes(rows,
                        (after, row) -> after.withAnswer(row.getString(15), instant(row.getOffsetDateTime(16)))));
    }

    /** Recomputes the templated flags around the probes; emits the responses whose flag changed, before and after. */
    public Uni<List<Change>> markTemplated(SqlConnection connection, List<Probe> probes) {
        if (probes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = probes.size();
        String[] ids = new String[n];
        String[] clinicians = new String[n];
        Long[] fingerprints = new Long[n];
        OffsetDateTime[] sent = new OffsetDateTime[n];
        String[] roles = new String[n];
        for (int i = 0; i < n; i++) {
            Probe p = probes.get(i);
            ids[i] = p.messageId();
            clinicians[i] = p.clinicianId();
            fingerprints[i] = p.fingerprint();
            sent[i] = utc(p.sentAt());
            roles[i] = p.role();
        }
        return connection.preparedQuery(templatedSql).execute(Tuple.tuple(List.of(ids, clinicians, fingerprints, sent,
                templatedRecentSeconds, templatedDistance, roles))).map(rows -> changes(rows,
                        (after, row) -> after.withTemplated(Boolean.TRUE.equals(row.getBoolean(15)))));
    }

    /** The stored totals of these clinician-days; a day without a row has none. */
    public Uni<Map<MessageFact.Key, DayTotals>> days(SqlConnection connection, Collection<MessageFact.Key> days) {
        if (days.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] clinicians = days.stream().map(MessageFact.Key::clinicianId).toArray(String[]::new);
        LocalDate[] dates = days.stream().map(MessageFact.Key::day).toArray(LocalDate[]::new);
        return connection.preparedQuery(DAYS).execute(Tuple.of(clinicians, dates)).map(rows -> {
            Map<MessageFact.Key, DayTotals> result = new HashMap<>();
            rows.forEach(row -> {
                Map<MessageKind, Integer> kinds = new EnumMap<>(MessageKind.class);
                kinds.put(MessageKind.PATIENT_INITIATED, row.getInteger(2));
                kinds.put(MessageKind.PROVIDER_INITIATED, row.getInteger(3));
                kinds.put(MessageKind.PROVIDER_RESPONSE, row.getInteger(4));
                kinds.put(MessageKind.PATIENT_FOLLOW_UP, row.getInteger(5));
                kinds.put(MessageKind.PROVIDER_FOLLOW_UP, row.getInteger(6));
                result.put(new MessageFact.Key(row.getString(0), row.getLocalDate(1)), new DayTotals(kinds,
                        row.getInteger(7), row.getInteger(8), row.getInteger(9), row.getInteger(10),
                        HistogramText.parse(row.getString(11))));
            });
            return result;
        });
    }

    /** Writes the day rows (inserted or replaced). */
    public Uni<Void> upsertDays(SqlConnection connection, Map<MessageFact.Key, DayTotals> totals) {
        if (totals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = totals.size();
        String[] clinicians = new String[n];
        LocalDate[] days = new LocalDate[n];
        Integer[][] counts = new Integer[9][n];
        String[] histograms = new String[n];
        int i = 0;
        for (Map.Entry<MessageFact.Key, DayTotals> entry : totals.entrySet()) {
            DayTotals t = entry.getValue();
            clinicians[i] = entry.getKey().clinicianId();
            days[i] = entry.getKey().day();
            counts[0][i] = t.count(MessageKind.PATIENT_INITIATED);
            counts[1][i] = t.count(MessageKind.PROVIDER_INITIATED);
            counts[2][i] = t.count(MessageKind.PROVIDER_RESPONSE);
            counts[3][i] = t.count(MessageKind.PATIENT_FOLLOW_UP);
            counts[4][i] = t.count(MessageKind.PROVIDER_FOLLOW_UP);
            counts[5][i] = t.answered();
            counts[6][i] = t.answeredWithinTarget();
            counts[7][i] = t.personalResponses();
            counts[8][i] = t.templatedResponses();
            histograms[i] = HistogramText.format(t.latencyBuckets());
            i++;
        }
        List<Object> columns = new ArrayList<>(List.of(clinicians, days));
        columns.addAll(List.of(counts));
        columns.add(histograms);
        return connection.preparedQuery(UPSERT_DAYS).execute(Tuple.tuple(columns)).replaceWithVoid();
    }

    /** Marks the clinicians for the next tier evaluation, with the partition their events come on (-1: unknown). */
    public Uni<Void> markForEvaluation(SqlConnection connection, Map<String, Integer> partitionOfClinician) {
        if (partitionOfClinician.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(MARK_FOR_EVALUATION).execute(Tuple.of(
                        partitionOfClinician.keySet().toArray(String[]::new),
                        partitionOfClinician.values().toArray(Integer[]::new)))
                .replaceWithVoid();
    }

    private static MessageFact fact(Row row) {
        return new MessageFact(row.getString(0), row.getInteger(1), row.getString(2), row.getString(3),
                row.getString(4), MessageKind.valueOf(row.getString(5)), instant(row.getOffsetDateTime(6)),
                row.getLocalDate(7), row.getBoolean(8), row.getLong(9), row.getLong(10),
                Boolean.TRUE.equals(row.getBoolean(11)), instant(row.getOffsetDateTime(12)), row.getString(13),
                instant(row.getOffsetDateTime(14)));
    }

    /** A fact an update changed: as the statement found it and as it left it. */
    public record Change(MessageFact before, MessageFact after) {
    }

    /** The changes of an update returning the new row's fact columns and then the old values of what it set. */
    private static List<Change> changes(RowSet<Row> rows, BiFunction<MessageFact, Row, MessageFact> before) {
        List<Change> result = new ArrayList<>(rows.size());
        rows.forEach(row -> {
            MessageFact after = fact(row);
            result.add(new Change(before.apply(after, row), after));
        });
        return result;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
