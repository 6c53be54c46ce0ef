package health.rapport.message.ehr.repository;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import health.rapport.message.thread.repository.AttachmentEntity;
import health.rapport.message.thread.repository.MessageEntity;
import health.rapport.message.thread.repository.ThreadEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The threads and messages of one EHR batch, read and written over one connection of the reactive pool inside
 * the batch's transaction, with one statement per kind of change whatever the batch's size (arrays bound as
 * parameters and {@code unnest}ed, so the statement text never changes and stays prepared).
 *
 * <p>It works like a small unit of work: what it loads is kept by id (loading a row twice gives the same object)
 * with a copy of its stored state; {@link #flush} inserts what was {@linkplain #add added} and updates exactly
 * the loaded rows whose state changed since. The EHR inbound used Hibernate Reactive's session for this; per
 * entity persists and dirty checks made a batch of 500 Communications wait on about a thousand round trips.
 */
public final class EhrBatchStore {

    private static final String MESSAGE_COLUMNS = "id, thread_id, sender_id, sender_role, body, sent_at, kind,"
            + " in_response_to, text_fingerprint, answered_by, response_latency_seconds, external_key, fhir_id,"
            + " fhir_version, retracted_at, revision, attachment_count";
    private static final String THREAD_COLUMNS = "id, patient_id, clinician_id, subject, category, priority, status,"
            + " origin, created_at, last_message_at, closed_at, external_key";

    /**
     * Two index lookups: the {@code is not null} conditions match the predicates of the partial unique indexes,
     * which the planner cannot infer for a generic plan of {@code = any($1)}; with an {@code or} instead of the
     * {@code union all} it scanned the whole table for every batch. A row found both ways is loaded once (see
     * {@link #message}).
     */
    private static final String MESSAGES_BY_IDENTITY = "select " + MESSAGE_COLUMNS + " from message"
            + " where external_key is not null and external_key = any($1::varchar[])"
            + " union all select " + MESSAGE_COLUMNS + " from message"
            + " where fhir_id is not null and fhir_id = any($2::varchar[])";
    private static final String MESSAGES_OF_THREADS = "select " + MESSAGE_COLUMNS + " from message"
            + " where thread_id = any($1::uuid[])";
    /**
     * Locked in id order, so that concurrent batches touching the same threads cannot deadlock. The ids are an
     * array computed once ({@code = any(array(...))}, an InitPlan), not a join: when a row this waits for is
     * updated meanwhile (the idle sweep closing it), PostgreSQL rechecks the new version against the join, and the
     * generic plan's nested loop over the subquery then dropped the row; the batch took the thread for new, and
     * its insert failed on the primary key.
     */
    private static final String THREADS_FOR_UPDATE = "select " + THREAD_COLUMNS + " from thread where id = any(array("
            + "select id from thread where external_key is not null and external_key = any($1::varchar[])"
            + " union all select unnest($2::uuid[]))) order by id for update";
    private static final String TAKE_PENDING_RETRACTIONS = "delete from ehr_pending_retraction"
            + " where external_key = any($1::varchar[]) returning external_key";
    private static final String REMEMBER_PENDING_RETRACTIONS = "insert into ehr_pending_retraction"
            + " (external_key, received_at) select key, $2 from unnest($1::varchar[]) as key on conflict do nothing";

    private static final String INSERT_THREADS = "insert into thread (" + THREAD_COLUMNS + ") select * from unnest("
            + "$1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[],"
            + " $8::varchar[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::varchar[])";
    private static final String UPDATE_THREADS = "update thread t set created_at = u.created_at,"
            + " last_message_at = u.last_message_at from unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[])"
            + " as u (id, created_at, last_message_at) where t.id = u.id";
    private static final String INSERT_MESSAGES = "insert into message (" + MESSAGE_COLUMNS + ") select * from unnest("
            + "$1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::text[], $6::timestamptz[], $7::varchar[],"
            + " $8::uuid[], $9::bigint[], $10::uuid[], $11::bigint[], $12::varchar[], $13::varchar[], $14::varchar[],"
            + " $15::timestamptz[], $16::integer[], $17::integer[])";
    private static final String UPDATE_MESSAGES = "update message m set body = u.body, sent_at = u.sent_at,"
            + " kind = u.kind, text_fingerprint = u.text_fingerprint, answered_by = u.answered_by,"
            + " response_latency_seconds = u.response_latency_seconds, fhir_version = u.fhir_version,"
            + " retracted_at = u.retracted_at, revision = u.revision from unnest($1::uuid[], $2::text[],"
            + " $3::timestamptz[], $4::varchar[], $5::bigint[], $6::uuid[], $7::bigint[], $8::varchar[],"
            + " $9::timestamptz[], $10::integer[]) as u (id, body, sent_at, kind, text_fingerprint, answered_by,"
            + " response_latency_seconds, fhir_version, retracted_at, revision) where m.id = u.id";
    private static final String INSERT_ATTACHMENTS = "insert into attachment (message_id, position, content_type,"
            + " size_bytes, sha256, url, ehr_reference) select * from unnest($1::uuid[], $2::smallint[],"
            + " $3::varchar[], $4::bigint[], $5::varchar[], $6::text[], $7::varchar[])";

    private static final Class<?>[] THREAD_TYPES = {UUID.class, String.class, String.class, String.class,
            String.class, String.class, String.class, String.class, OffsetDateTime.class, OffsetDateTime.class,
            OffsetDateTime.class, String.class};
    private static final Class<?>[] THREAD_UPDATE_TYPES = {UUID.class, OffsetDateTime.class, OffsetDateTime.class};
    private static final Class<?>[] MESSAGE_TYPES = {UUID.class, UUID.class, String.class, String.class,
            String.class, OffsetDateTime.class, String.class, UUID.class, Long.class, UUID.class, Long.class,
            String.class, String.class, String.class, OffsetDateTime.class, Integer.class, Integer.class};
    private static final Class<?>[] MESSAGE_UPDATE_TYPES = {UUID.class, String.class, OffsetDateTime.class,
            String.class, Long.class, UUID.class, Long.class, String.class, OffsetDateTime.class, Integer.class};
    private static final Class<?>[] ATTACHMENT_TYPES = {UUID.class, Short.class, String.class, Long.class,
            String.class, String.class, String.class};

    /** What a thread's row held when loaded: the fields the inbound may change. */
    private record ThreadState(Instant createdAt, Instant lastMessageAt) {
        static ThreadState of(ThreadEntity t) {
            return new ThreadState(t.createdAt, t.lastMessageAt);
        }
    }

    /** What a message's row held when loaded: the fields reclassification, retraction and new versions change. */
    private record MessageState(String body, Instant sentAt, MessageKind kind, long textFingerprint, UUID answeredBy,
            Long responseLatencySeconds, String fhirVersion, Instant retractedAt, int revision) {
        static MessageState of(MessageEntity m) {
            return new MessageState(m.body, m.sentAt, m.kind, m.textFingerprint, m.answeredBy,
                    m.responseLatencySeconds, m.fhirVersion, m.retractedAt, m.revision);
        }
    }

    private final SqlConnection connection;
    private final Map<UUID, ThreadEntity> threads = new HashMap<>();
    private final Map<UUID, ThreadState> threadStates = new HashMap<>();
    private final Map<UUID, MessageEntity> messages = new HashMap<>();
    private final Map<UUID, MessageState> messageStates = new HashMap<>();
    private final Map<UUID, ThreadEntity> newThreads = new LinkedHashMap<>();
    private final List<MessageEntity> newMessages = new ArrayList<>();
    private final List<AttachmentEntity> newAttachments = new ArrayList<>();

    public EhrBatchStore(SqlConnection connection) {
        this.connection = connection;
    }

    /** Messages known by any of the EHR identities ({@code external_key}) or logical ids ({@code fhir_id}). */
    public Uni<List<MessageEntity>> messagesByIdentity(Collection<String> externalKeys, Collection<String> fhirIds) {
        if (externalKeys.isEmpty() && fhirIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return query(MESSAGES_BY_IDENTITY, Tuple.of(strings(externalKeys), strings(fhirIds)), this::message);
    }

    /** Every message of the threads, retracted ones included: what classification replays. */
    public Uni<List<MessageEntity>> messagesOf(Collection<UUID> threadIds) {
        if (threadIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return query(MESSAGES_OF_THREADS, Tuple.of((Object) uuids(threadIds)), this::message);
    }

    /** Threads by external key or id, locked until the transaction ends. */
    public Uni<List<ThreadEntity>> threadsForUpdate(Collection<String> externalKeys, Collection<UUID> ids) {
        if (externalKeys.isEmpty() && ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return query(THREADS_FOR_UPDATE, Tuple.of(strings(externalKeys), uuids(ids)), this::thread);
    }

    /** Removes the pending retractions filed under any of the keys; emits the keys that had one. */
    public Uni<Set<String>> takePendingRetractions(Collection<String> externalKeys) {
        if (externalKeys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return connection.preparedQuery(TAKE_PENDING_RETRACTIONS).execute(Tuple.of((Object) strings(externalKeys)))
                .map(rows -> {
                    Set<String> taken = new HashSet<>();
                    rows.forEach(row -> taken.add(row.getString(0)));
                    return taken;
                });
    }

    /** Files retractions whose record has not arrived; a key filed already stays as it is. */
    public Uni<Void> rememberPendingRetractions(Collection<String> externalKeys, Instant now) {
        if (externalKeys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(REMEMBER_PENDING_RETRACTIONS)
                .execute(Tuple.of(strings(Set.copyOf(externalKeys)), time(now))).replaceWithVoid();
    }

    /** A new thread, inserted at {@link #flush} with the state it has then. */
    public void add(ThreadEntity thread) {
        newThreads.put(thread.id, thread);
    }

    /** A new message and its attachments, inserted at {@link #flush} with the state they have then. */
    public void add(MessageEntity message, List<AttachmentEntity> attachments) {
        newMessages.add(message);
        messages.put(message.id, message);
        newAttachments.addAll(attachments);
    }

    /** Writes the batch: new threads, changed threads, new messages, changed messages, then the attachments. */
    public Uni<Void> flush() {
        List<ThreadEntity> changedThreads = threads.values().stream()
                .filter(t -> !threadStates.get(t.id).equals(ThreadState.of(t))).toList();
        List<MessageEntity> changedMessages = messageStates.entrySet().stream()
                .filter(e -> !e.getValue().equals(MessageState.of(messages.get(e.getKey()))))
                .map(e -> messages.get(e.getKey())).toList();
        return execute(INSERT_THREADS, THREAD_TYPES, newThreads.values(), EhrBatchStore::threadColumns)
                .flatMap(ignored -> execute(UPDATE_THREADS, THREAD_UPDATE_TYPES, changedThreads, t -> new Object[] {
                        t.id, time(t.createdAt), time(t.lastMessageAt)}))
                .flatMap(ignored -> execute(INSERT_MESSAGES, MESSAGE_TYPES, newMessages, EhrBatchStore::messageColumns))
                .flatMap(ignored -> execute(UPDATE_MESSAGES, MESSAGE_UPDATE_TYPES, changedMessages, m -> new Object[] {
                        m.id, m.body, time(m.sentAt), m.kind.name(), m.textFingerprint, m.answeredBy,
                        m.responseLatencySeconds, m.fhirVersion, time(m.retractedAt), m.revision}))
                .flatMap(ignored -> execute(INSERT_ATTACHMENTS, ATTACHMENT_TYPES, newAttachments, a -> new Object[] {
                        a.messageId, a.position, a.contentType, a.sizeBytes, a.sha256, a.url, a.ehrReference}))
                .invoke(() -> {
                    newThreads.values().forEach(this::track);
                    newThreads.clear();
                    newMessages.forEach(this::track);
                    newMessages.clear();
                    newAttachments.clear();
                    changedThreads.forEach(this::track);
                    changedMessages.forEach(this::track);
                });
    }

    private void track(ThreadEntity thread) {
        threads.put(thread.id, thread);
        threadStates.put(thread.id, ThreadState.of(thread));
    }

    private void track(MessageEntity message) {
        messages.put(message.id, message);
        messageStates.put(message.id, MessageState.of(message));
    }

    private static Object[] threadColumns(ThreadEntity t) {
        return new Object[] {t.id, t.patientId, t.clinicianId, t.subject, t.category, t.priority, t.status.name(),
                t.origin.name(), time(t.createdAt), time(t.lastMessageAt), time(t.closedAt), t.externalKey};
    }

    private static Object[] messageColumns(MessageEntity m) {
        return new Object[] {m.id, m.threadId, m.senderId, m.senderRole.name(), m.body, time(m.sentAt), m.kind.name(),
                m.inResponseTo, m.textFingerprint, m.answeredBy, m.responseLatencySeconds, m.externalKey, m.fhirId,
                m.fhirVersion, time(m.retractedAt), m.revision, m.attachmentCount};
    }

    /**
     * Runs a statement whose every parameter is an array: column {@code c} of row {@code r} is element {@code r}
     * of parameter {@code c}, in an array of {@code types[c]} (the pg client checks an array's component type
     * against the parameter's, so an all-null column still needs its own). Nothing runs for no rows.
     */
    private <T> Uni<Void> execute(String sql, Class<?>[] types, Collection<T> rows, Function<T, Object[]> columns) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Object[] arrays = new Object[types.length];
        for (int c = 0; c < types.length; c++) {
            arrays[c] = Array.newInstance(types[c], rows.size());
        }
        int r = 0;
        for (T row : rows) {
            Object[] values = columns.apply(row);
            for (int c = 0; c < types.length; c++) {
                Array.set(arrays[c], r, values[c]);
            }
            r++;
        }
        return connection.preparedQuery(sql).execute(Tuple.from(Arrays.asList(arrays))).replaceWithVoid();
    }

    private <T> Uni<List<T>> query(String sql, Tuple parameters, Function<Row, T> mapper) {
        return connection.preparedQuery(sql).execute(parameters).map((RowSet<Row> rows) -> {
            List<T> result = new ArrayList<>(rows.size());
            rows.forEach(row -> result.add(mapper.apply(row)));
            return result;
        });
    }

    /** The loaded message, or the object already loaded for its id (which keeps any change made to it). */
    private MessageEntity message(Row row) {
        UUID id = row.getUUID("id");
        MessageEntity known = messages.get(id);
        if (known != null) {
            return known;
        }
        MessageEntity m = new MessageEntity();
        m.id = id;
        m.threadId = row.getUUID("thread_id");
        m.senderId = row.getString("sender_id");
        m.senderRole = ParticipantRole.valueOf(row.getString("sender_role"));
        m.body = row.getString("body");
        m.sentAt = instant(row.getOffsetDateTime("sent_at"));
        m.kind = MessageKind.valueOf(row.getString("kind"));
        m.inResponseTo = row.getUUID("in_response_to");
        m.textFingerprint = row.getLong("text_fingerprint");
        m.answeredBy = row.getUUID("answered_by");
        m.responseLatencySeconds = row.getLong("response_latency_seconds");
        m.externalKey = row.getString("external_key");
        m.fhirId = row.getString("fhir_id");
        m.fhirVersion = row.getString("fhir_version");
        m.retractedAt = instant(row.getOffsetDateTime("retracted_at"));
        m.revision = row.getInteger("revision");
        m.attachmentCount = row.getInteger("attachment_count");
        track(m);
        return m;
    }

    private ThreadEntity thread(Row row) {
        UUID id = row.getUUID("id");
        ThreadEntity known = threads.get(id);
        if (known != null) {
            return known;
        }
        ThreadEntity t = new ThreadEntity();
        t.id = id;
        t.patientId = row.getString("patient_id");
        t.clinicianId = row.getString("clinician_id");
        t.subject = row.getString("subject");
        t.category = row.getString("category");
        t.priority = row.getString("priority");
        t.status = ThreadEntity.Status.valueOf(row.getString("status"));
        t.origin = ThreadEntity.Origin.valueOf(row.getString("origin"));
        t.createdAt = instant(row.getOffsetDateTime("created_at"));
        t.lastMessageAt = instant(row.getOffsetDateTime("last_message_at"));
        t.closedAt = instant(row.getOffsetDateTime("closed_at"));
        t.externalKey = row.getString("external_key");
        track(t);
        return t;
    }

    private static String[] strings(Collection<String> values) {
        return values.toArray(String[]::new);
    }

    private static UUID[] uuids(Collection<UUID> values) {
        return values.toArray(UUID[]::new);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
