package health.rapport.simulator.check;

import health.rapport.events.MessageKind;
import health.rapport.events.TextFingerprint;
import health.rapport.simulator.WorkCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One clinician's engagement counters recomputed from message-service's own tables, read-only, with none of either
 * service's code: every thread of the clinician is replayed in time order from who sent what when (retracted
 * messages left out), with the classification rules of the contract, the business-day target and the
 * templated-reply rule of engagement-service's README. What engagement-service serves must equal this.
 */
public final class MessageTableTruth {

    /** The rules the counters follow (engagement-service's defaults). */
    public record Rules(WorkCalendar calendar, int targetBusinessDays, int templatedDistance, Duration templatedRecent) {
    }

    /** The counters of one window of clinic-local days, with the same meaning as engagement-service's summary. */
    public record Counters(String clinicianId, LocalDate from, LocalDate to, Map<MessageKind, Long> counts,
            long patientMessages, long answered, long answeredWithinTarget, long overdueUnanswered, long judged,
            long responses, Long latencyMedianSeconds, Long latencyP90Seconds, long personal, long templated,
            long patientsMessaged, long patientsInitiated, long backlogUnanswered, Instant backlogOldestSentAt) {
    }

    record Row(String id, String thread, String patient, boolean byPatient, Instant sentAt, long fingerprint) {
    }

    record Classified(Row row, MessageKind kind, Long latency, Instant answeredAt) {
    }

    private MessageTableTruth() {
    }

    public static Counters compute(Connection messageDb, String clinicianId, LocalDate from, LocalDate to, Instant now,
            Rules rules) throws SQLException {
        Map<String, List<Row>> threads = new LinkedHashMap<>();
        messageDb.setReadOnly(true);
        try (PreparedStatement query = messageDb.prepareStatement("select m.id::text, m.thread_id::text, t.patient_id,"
                + " m.sender_role, m.sent_at, m.text_fingerprint from message m join thread t on t.id = m.thread_id"
                + " where t.clinician_id = ? and m.retracted_at is null order by m.thread_id, m.sent_at, m.id")) {
            query.setString(1, clinicianId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                            "PATIENT".equals(rs.getString(4)), rs.getTimestamp(5).toInstant(), rs.getLong(6));
                    threads.computeIfAbsent(row.thread(), t -> new ArrayList<>()).add(row);
                }
            }
        }
        List<Classified> all = new ArrayList<>();
        threads.values().forEach(thread -> all.addAll(replay(thread)));
        return count(clinicianId, all, from, to, now, rules);
    }

    /** The contract's classification of one thread, messages in (sent, id) order. */
    static List<Classified> replay(List<Row> thread) {
        List<Row> ordered = new ArrayList<>(thread);
        ordered.sort((a, b) -> a.sentAt().equals(b.sentAt()) ? a.id().compareTo(b.id()) : a.sentAt().compareTo(b.sentAt()));
        List<Classified> out = new ArrayList<>();
        Deque<Integer> waiting = new ArrayDeque<>();
        for (int i = 0; i < ordered.size(); i++) {
            Row row = ordered.get(i);
            if (i == 0) {
                out.add(new Classified(row, row.byPatient() ? MessageKind.PATIENT_INITIATED : MessageKind.PROVIDER_INITIATED,
                        null, null));
                if (row.byPatient()) {
                    waiting.add(0);
                }
            } else if (row.byPatient()) {
                out.add(new Classified(row, MessageKind.PATIENT_FOLLOW_UP, null, null));
                waiting.add(i);
            } else if (waiting.isEmpty()) {
                out.add(new Classified(row, MessageKind.PROVIDER_FOLLOW_UP, null, null));
            } else {
                long latency = Duration.between(ordered.get(waiting.peekFirst()).sentAt(), row.sentAt()).toSeconds();
                out.add(new Classified(row, MessageKind.PROVIDER_RESPONSE, latency, null));
                for (int w : waiting) {
                    Classified question = out.get(w);
                    out.set(w, new Classified(question.row(), question.kind(), null, row.sentAt()));
                }
                waiting.clear();
            }
        }
        return out;
    }

    private static Counters count(String clinicianId, List<Classified> all, LocalDate from, LocalDate to, Instant now,
            Rules rules) {
        Map<MessageKind, Long> counts = new EnumMap<>(MessageKind.class);
        for (MessageKind kind : MessageKind.values()) {
            counts.put(kind, 0L);
        }
        List<Classified> responses = all.stream().filter(c -> c.kind() == MessageKind.PROVIDER_RESPONSE).toList();
        long patientMessages = 0, answered = 0, within = 0, overdue = 0, personal = 0, templated = 0, backlog = 0;
        Instant oldest = null;
        List<Long> latencies = new ArrayList<>();
        Set<String> messaged = new HashSet<>();
        Set<String> initiated = new HashSet<>();
        for (Classified c : all) {
            boolean patient = c.kind() == MessageKind.PATIENT_INITIATED || c.kind() == MessageKind.PATIENT_FOLLOW_UP;
            if (patient && c.answeredAt() == null) {
                backlog++;
                oldest = oldest == null || c.row().sentAt().isBefore(oldest) ? c.row().sentAt() : oldest;
            }
            LocalDate day = c.row().sentAt().atZone(rules.calendar().zone()).toLocalDate();
            if (day.isBefore(from) || day.isAfter(to)) {
                continue;
            }
            counts.merge(c.kind(), 1L, Long::sum);
            if (patient) {
                patientMessages++;
                Instant due = Instant.ofEpochSecond(rules.calendar().dueAfterBusinessDays(
                        c.row().sentAt().getEpochSecond(), rules.targetBusinessDays()));
                if (c.answeredAt() != null) {
                    answered++;
                    if (!c.answeredAt().isAfter(due)) {
                        within++;
                    }
                } else if (due.isBefore(now)) {
                    overdue++;
                }
                if (c.kind() == MessageKind.PATIENT_INITIATED) {
                    initiated.add(c.row().patient());
                }
            } else {
                messaged.add(c.row().patient());
            }
            if (c.kind() == MessageKind.PROVIDER_RESPONSE) {
                latencies.add(c.latency());
                boolean near = responses.stream().anyMatch(other -> other != c
                        && TextFingerprint.distance(other.row().fingerprint(), c.row().fingerprint()) <= rules.templatedDistance()
                        && Duration.between(other.row().sentAt(), c.row().sentAt()).abs().compareTo(rules.templatedRecent()) <= 0);
                if (near) {
                    templated++;
                } else {
                    personal++;
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Counters(clinicianId, from, to, counts, patientMessages, answered, within, overdue, answered + overdue,
                sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 90), personal, templated, messaged.size(),
                initiated.size(), backlog, oldest);
    }

    private static Long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.max(1, Math.ceil(p / 100 * sorted.length));
        return sorted[rank - 1];
    }
}
