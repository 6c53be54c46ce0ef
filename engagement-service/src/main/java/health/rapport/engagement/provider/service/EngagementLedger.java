package health.rapport.engagement.provider.service;

import health.rapport.engagement.provider.repository.LedgerRows;
import health.rapport.events.CloudEvent;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns {@code message.sent} events into facts and day counters, inside the caller's transaction.
 *
 * <p>Exactly-once by state, not by a log of event ids: a fact keeps the revision it was built from, and an event
 * whose revision is not higher changes nothing, whether it is a redelivery, a duplicate or a superseded revision
 * arriving late. Everything derived is a pure function of the facts: a patient message's answer is the earliest live
 * response that claims it, a response is templated when another live response of the clinician is near it, and a
 * day row is the sum of its facts' contributions (kept so by moving it by exactly what the batch changed: each
 * changed fact's contribution before the batch out, after it in). So a batch that is replayed after a crash (its
 * transaction rolled back, its offsets not committed) yields the same rows as a single pass.
 *
 * <p>Set-based: a batch of any size costs a fixed number of statements (facts, claims, answers, templated flags,
 * day rows, clinicians to evaluate), each over arrays of the batch's rows, rather than statements per event. The
 * derived values are recomputed by SQL over the final facts for exactly the rows the batch can have changed.
 */
@ApplicationScoped
public class EngagementLedger {

    private final BusinessCalendar calendar;
    private final LedgerRows rows;
    private final int targetBusinessDays;

    public EngagementLedger(BusinessCalendar calendar, LedgerRows rows,
            @ConfigProperty(name = "rapport.engagement.target-business-days", defaultValue = "3") int targetBusinessDays) {
        this.calendar = calendar;
        this.rows = rows;
        this.targetBusinessDays = targetBusinessDays;
    }

    /**
     * Applies the events; emits how many of them changed a fact (the others were repeats or superseded). The
     * clinicians whose figures changed are marked for evaluation, with the partition their events arrive on.
     */
    public Uni<Integer> apply(SqlConnection connection, List<CloudEvent<MessageSent>> events,
            Map<String, Integer> partitionOfClinician) {
        Map<String, CloudEvent<MessageSent>> latest = new LinkedHashMap<>();
        for (CloudEvent<MessageSent> event : events) {
            latest.merge(event.data().messageId(), event, (a, b) ->
                    b.data().effectiveRevision() > a.data().effectiveRevision() ? b : a);
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<String> clinicians = latest.values().stream().map(event -> event.data().clinicianId()).toList();
        return rows.planForTheseRows(connection)
                .flatMap(ignored -> rows.lockClinicians(connection, clinicians))
                .flatMap(ignored -> rows.facts(connection, latest.keySet())).flatMap(stored -> {
            List<MessageFact> changed = new ArrayList<>();
            List<String> eventIds = new ArrayList<>();
            List<MessageFact> before = new ArrayList<>();
            Map<String, List<String>> claims = new LinkedHashMap<>();
            Set<String> patientMessages = new LinkedHashSet<>();
            Set<String> newPatientMessages = new LinkedHashSet<>();
            for (CloudEvent<MessageSent> event : latest.values()) {
                MessageFact old = stored.get(event.data().messageId());
                if (old != null && old.revision() >= event.data().effectiveRevision()) {
                    continue;
                }
                MessageFact fact = factOf(event, old);
                changed.add(fact);
                eventIds.add(event.id());
                if (old != null) {
                    before.add(old);
                }
                boolean wasResponse = old != null && old.kind() == MessageKind.PROVIDER_RESPONSE;
                if (wasResponse || fact.kind() == MessageKind.PROVIDER_RESPONSE) {
                    List<String> answered = fact.kind() == MessageKind.PROVIDER_RESPONSE
                            && event.data().answeredMessageIds() != null
                            ? List.copyOf(new LinkedHashSet<>(event.data().answeredMessageIds())) : List.of();
                    claims.put(fact.messageId(), answered);
                    patientMessages.addAll(answered);
                }
                // A revision of a patient message keeps its answer (claims belong to responses); a new one has an
                // answer only when a response that arrived before it claims it.
                if (fact.isPatientMessage() && (old == null || !old.isPatientMessage())) {
                    newPatientMessages.add(fact.messageId());
                }
            }
            if (changed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            BatchChanges facts = new BatchChanges();
            for (MessageFact fact : changed) {
                facts.changed(stored.get(fact.messageId()), fact);
            }
            return rows.upsertFacts(connection, changed, eventIds)
                    .flatMap(ignored -> rows.replaceClaims(connection, claims))
                    .invoke(previouslyClaimed -> patientMessages.addAll(previouslyClaimed))
                    .flatMap(ignored -> rows.answer(connection, patientMessages, newPatientMessages))
                    .invoke(facts::changed)
                    .flatMap(ignored -> rows.markTemplated(connection, responseProbes(changed, before)))
                    .invoke(facts::changed)
                    .flatMap(ignored -> updateDays(connection, facts))
                    .flatMap(days -> rows.markForEvaluation(connection, partitions(days, partitionOfClinician)))
                    .replaceWith(changed.size());
        });
    }

    /** The fact an event makes; derived fields are kept from the stored fact until SQL recomputes them. */
    private MessageFact factOf(CloudEvent<MessageSent> event, MessageFact old) {
        MessageSent sent = event.data();
        boolean patientMessage = sent.kind() == MessageKind.PATIENT_INITIATED || sent.kind() == MessageKind.PATIENT_FOLLOW_UP;
        boolean keepAnswer = patientMessage && old != null;
        return new MessageFact(sent.messageId(), sent.effectiveRevision(), sent.clinicianId(), sent.patientId(),
                sent.threadId(), sent.kind(), sent.sentAt(), calendar.day(sent.sentAt()), sent.isRetracted(),
                sent.responseLatencySeconds(),
                sent.textFingerprint() == null ? null : Long.parseUnsignedLong(sent.textFingerprint(), 16),
                sent.kind() == MessageKind.PROVIDER_RESPONSE && old != null && old.templated(),
                patientMessage ? calendar.dueAfter(sent.sentAt(), targetBusinessDays) : null,
                keepAnswer ? old.answeredBy() : null, keepAnswer ? old.answeredAt() : null);
    }

    /**
     * Where templated flags may have changed: every changed response at its new text and time, and every changed
     * fact that was a live response at its old text and time (its old neighbours may have lost their match).
     */
    private static List<LedgerRows.Probe> responseProbes(List<MessageFact> changed, List<MessageFact> before) {
        List<LedgerRows.Probe> probes = new ArrayList<>();
        for (MessageFact fact : changed) {
            if (fact.kind() == MessageKind.PROVIDER_RESPONSE) {
                probes.add(new LedgerRows.Probe(fact.messageId(), fact.clinicianId(), fact.fingerprint(), fact.sentAt(),
                        fact.retracted() ? LedgerRows.Probe.DEAD : LedgerRows.Probe.LIVE));
            }
        }
        for (MessageFact old : before) {
            if (old.isLiveResponse() && old.fingerprint() != null) {
                probes.add(new LedgerRows.Probe(old.messageId(), old.clinicianId(), old.fingerprint(), old.sentAt(),
                        LedgerRows.Probe.PREVIOUS));
            }
        }
        return probes;
    }

    /** Every fact the batch changed: as it was before the batch (null: absent) and as the batch leaves it. */
    private static final class BatchChanges {

        private final Map<String, MessageFact> before = new HashMap<>();
        private final Map<String, MessageFact> after = new HashMap<>();

        void changed(MessageFact was, MessageFact is) {
            if (!before.containsKey(is.messageId())) {
                before.put(is.messageId(), was);
            }
            after.put(is.messageId(), is);
        }

        void changed(List<LedgerRows.Change> changes) {
            changes.forEach(change -> changed(change.before(), change.after()));
        }

        /** Per clinician-day, the contributions of the changed facts before and after the batch. */
        Map<MessageFact.Key, DayTotals[]> byDay() {
            Map<MessageFact.Key, List<MessageFact>> was = new HashMap<>();
            Map<MessageFact.Key, List<MessageFact>> is = new HashMap<>();
            before.values().stream().filter(Objects::nonNull)
                    .forEach(f -> was.computeIfAbsent(f.dayKey(), k -> new ArrayList<>()).add(f));
            after.values().forEach(f -> is.computeIfAbsent(f.dayKey(), k -> new ArrayList<>()).add(f));
            Map<MessageFact.Key, DayTotals[]> result = new TreeMap<>(
                    Comparator.comparing(MessageFact.Key::clinicianId).thenComparing(MessageFact.Key::day));
            Set<MessageFact.Key> days = new HashSet<>(was.keySet());
            days.addAll(is.keySet());
            days.forEach(day -> result.put(day, new DayTotals[] {
                    DayTotals.of(was.getOrDefault(day, List.of())), DayTotals.of(is.getOrDefault(day, List.of()))}));
            return result;
        }
    }

    /**
     * Moves each day row the batch touched by the difference its changed facts make, and emits those days. A day's
     * totals are a sum over its facts, so this equals recomputing the day from all its facts, without reading them
     * (a busy clinician's day holds hundreds).
     */
    private Uni<Set<MessageFact.Key>> updateDays(SqlConnection connection, BatchChanges facts) {
        Map<MessageFact.Key, DayTotals[]> changes = facts.byDay();
        return rows.days(connection, changes.keySet()).flatMap(stored -> {
            Map<MessageFact.Key, DayTotals> totals = new LinkedHashMap<>();
            changes.forEach((day, beforeAndAfter) -> totals.put(day,
                    stored.getOrDefault(day, DayTotals.empty()).replacing(beforeAndAfter[0], beforeAndAfter[1])));
            return rows.upsertDays(connection, totals).replaceWith(changes.keySet());
        });
    }

    private static Map<String, Integer> partitions(Set<MessageFact.Key> touched, Map<String, Integer> partitionOfClinician) {
        Map<String, Integer> result = new TreeMap<>();
        touched.forEach(key -> result.put(key.clinicianId(), partitionOfClinician.getOrDefault(key.clinicianId(), -1)));
        return result;
    }
}
