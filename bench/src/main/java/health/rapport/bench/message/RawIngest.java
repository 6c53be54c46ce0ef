package health.rapport.bench.message;

import health.rapport.bench.Meter;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageSent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.TextFingerprint;
import health.rapport.events.Topics;
import health.rapport.simulator.FhirJson;
import health.rapport.simulator.SimMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ingest ceiling: the rows EHR ingestion ends up writing for the same Communications (a {@code thread} row
 * per thread, a {@code message} row and an {@code outbox_event} row per message, shaped as message-service
 * writes them) inserted with plain batched JDBC ({@code reWriteBatchedInserts=true}), one transaction per batch,
 * the threads of a batch first. The rows, event JSON included, are built before the clock starts: this is what
 * PostgreSQL takes, not what it costs to compute the rows.
 */
final class RawIngest {

    static final String INSERT_THREAD = "insert into thread (id, patient_id, clinician_id, subject, category, priority,"
            + " status, origin, created_at, last_message_at, external_key) values (?, ?, ?, ?, ?, ?, 'OPEN', 'EHR', ?, ?, ?)";
    static final String INSERT_MESSAGE = "insert into message (id, thread_id, sender_id, sender_role, body, sent_at,"
            + " kind, in_response_to, text_fingerprint, external_key, fhir_id, fhir_version, attachment_count, revision)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '1', 0, 1)";
    static final String INSERT_OUTBOX = "insert into outbox_event (event_id, topic, record_key, event_type, payload,"
            + " created_at) values (?, ?, ?, ?, ?, ?)";

    record ThreadRow(UUID id, String patient, String clinician, String subject, String category, String priority,
            Instant created, Instant last, String externalKey) {
    }

    record Row(ThreadRow newThread, UUID id, UUID threadId, String senderId, String senderRole, String body,
            Instant sent, String kind, UUID inResponseTo, long fingerprint, String externalKey, String fhirId,
            String eventId, String recordKey, String eventType, String payload) {
    }

    /** What one run inserted and how long it took. */
    record Result(long messages, long rows, double seconds, Meter.Measured measured) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double messagesPerSecond() {
            return messages / seconds;
        }
    }

    private RawIngest() {
    }

    /** The rows of these messages, in their order; each thread's row rides with its first message. */
    static List<Row> rows(List<SimMessage> messages) {
        Map<String, Instant> lastOfThread = new HashMap<>();
        messages.forEach(m -> lastOfThread.merge(m.threadId(), m.sent(), (a, b) -> a.isAfter(b) ? a : b));
        Map<String, UUID> messageIds = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Instant now = Instant.now();
        List<Row> rows = new ArrayList<>(messages.size());
        for (SimMessage m : messages) {
            String threadKey = FhirJson.THREAD_SYSTEM + "|" + m.threadId();
            UUID threadId = UUID.nameUUIDFromBytes(("ehr-thread:" + threadKey).getBytes(StandardCharsets.UTF_8));
            ThreadRow thread = seen.add(m.threadId()) ? new ThreadRow(threadId, m.patientId(), m.clinicianId(),
                    m.subject(), m.category(), m.priority(), m.sent(), lastOfThread.get(m.threadId()), threadKey) : null;
            String externalKey = "Communication/" + m.id();
            UUID id = UUID.nameUUIDFromBytes(("ehr-message:" + externalKey).getBytes(StandardCharsets.UTF_8));
            messageIds.put(m.id(), id);
            UUID answered = m.inResponseTo().isEmpty() ? null : messageIds.get(m.inResponseTo().get(0));
            boolean patient = m.sender() == ParticipantRole.PATIENT;
            long fingerprint = TextFingerprint.of(m.text());
            MessageSent sent = new MessageSent(id.toString(), threadId.toString(), m.patientId(), m.clinicianId(),
                    patient ? m.patientId() : m.clinicianId(), m.sender(), m.kind(), "ehr", m.category(), m.priority(),
                    m.sent(), answered == null ? null : answered.toString(), m.latencySeconds() >= 0 ? m.latencySeconds() : null,
                    null, TextFingerprint.hex(fingerprint), m.text().length());
            CloudEvent<MessageSent> event = CloudEvent.of(UUID.randomUUID().toString(), "/rapport/message-service", now, sent);
            rows.add(new Row(thread, id, threadId, patient ? m.patientId() : m.clinicianId(), m.sender().name(),
                    m.text(), m.sent(), m.kind().name(), answered, fingerprint, externalKey, m.id(), event.id(),
                    event.subject(), event.type(), EventCodec.toJson(event)));
        }
        return rows;
    }

    /**
     * Inserts the rows over {@code connections} connections, each taking whole threads (by thread id), in
     * batches of {@code batch} messages, one transaction each.
     */
    static Result insert(List<Row> rows, int connections, int batch, Callable<Connection> connect, String seriesName)
            throws Exception {
        List<List<Row>> shares = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            shares.add(new ArrayList<>());
        }
        for (Row row : rows) {
            shares.get(Math.floorMod(row.threadId().hashCode(), connections)).add(row);
        }
        List<Connection> open = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Connection connection = connect.call();
            connection.setAutoCommit(false);
            open.add(connection);
        }
        Meter meter = new Meter(seriesName, "msg/s");
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            meter.begin();
            long t0 = System.nanoTime();
            List<Future<Long>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Connection connection = open.get(c);
                List<Row> share = shares.get(c);
                done.add(pool.submit(() -> insertAll(connection, share, batch, meter)));
            }
            long total = 0;
            for (Future<Long> f : done) {
                total += f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(rows.size(), total, seconds, meter.end());
        } finally {
            pool.shutdownNow();
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    private static long insertAll(Connection c, List<Row> rows, int batch, Meter meter) throws Exception {
        long total = 0;
        try (PreparedStatement threads = c.prepareStatement(INSERT_THREAD);
                PreparedStatement messages = c.prepareStatement(INSERT_MESSAGE);
                PreparedStatement outbox = c.prepareStatement(INSERT_OUTBOX)) {
            for (int from = 0; from < rows.size(); from += batch) {
                long t0 = System.nanoTime();
                List<Row> part = rows.subList(from, Math.min(rows.size(), from + batch));
                int n = 0;
                for (Row r : part) {
                    if (r.newThread() != null) {
                        ThreadRow t = r.newThread();
                        threads.setObject(1, t.id());
                        threads.setString(2, t.patient());
                        threads.setString(3, t.clinician());
                        threads.setString(4, t.subject());
                        threads.setString(5, t.category());
                        threads.setString(6, t.priority());
                        threads.setTimestamp(7, Timestamp.from(t.created()));
                        threads.setTimestamp(8, Timestamp.from(t.last()));
                        threads.setString(9, t.externalKey());
                        threads.addBatch();
                        n++;
                    }
                }
                threads.executeBatch();
                for (Row r : part) {
                    messages.setObject(1, r.id());
                    messages.setObject(2, r.threadId());
                    messages.setString(3, r.senderId());
                    messages.setString(4, r.senderRole());
                    messages.setString(5, r.body());
                    messages.setTimestamp(6, Timestamp.from(r.sent()));
                    messages.setString(7, r.kind());
                    messages.setObject(8, r.inResponseTo());
                    messages.setLong(9, r.fingerprint());
                    messages.setString(10, r.externalKey());
                    messages.setString(11, r.fhirId());
                    messages.addBatch();
                    outbox.setString(1, r.eventId());
                    outbox.setString(2, Topics.MESSAGE_EVENTS);
                    outbox.setString(3, r.recordKey());
                    outbox.setString(4, r.eventType());
                    outbox.setString(5, r.payload());
                    outbox.setTimestamp(6, Timestamp.from(r.sent()));
                    outbox.addBatch();
                    n += 2;
                }
                messages.executeBatch();
                outbox.executeBatch();
                c.commit();
                meter.record(part.size(), System.nanoTime() - t0);
                total += n;
            }
        }
        return total;
    }
}
