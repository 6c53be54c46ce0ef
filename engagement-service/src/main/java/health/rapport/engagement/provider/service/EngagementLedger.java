package health.rapport.engagement.provider.service;

import health.rapport.engagement.provider.repository.AnswerClaimEntity;
import health.rapport.engagement.provider.repository.ClinicianDayEntity;
import health.rapport.engagement.provider.repository.MessageFactEntity;
import health.rapport.events.CloudEvent;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns {@code message.sent} events into facts and day counters, inside the caller's transaction.
 *
 * <p>Exactly-once by state, not by a log of event ids: a fact keeps the revision it was built from, and an event
 * whose revision is not higher changes nothing, whether it is a redelivery, a duplicate or a superseded revision
 * arriving late. Day rows are never incremented: they are recomputed from the facts of each day an event touched,
 * so the counters are a pure function of the facts, and a batch that is replayed after a crash (its transaction
 * rolled back, its offsets not committed) yields the same rows as a single pass.
 */
@ApplicationScoped
public class EngagementLedger {

    private final BusinessCalendar calendar;
    private final int targetBusinessDays;
    private final int templatedDistance;
    private final Duration templatedRecent;

    public EngagementLedger(BusinessCalendar calendar,
            @ConfigProperty(name = "rapport.engagement.target-business-days", defaultValue = "3") int targetBusinessDays,
            @ConfigProperty(name = "rapport.engagement.templated.max-distance", defaultValue = "3") int templatedDistance,
            @ConfigProperty(name = "rapport.engagement.templated.recent", defaultValue = "P30D") Duration templatedRecent) {
        this.calendar = calendar;
        this.targetBusinessDays = targetBusinessDays;
        this.templatedDistance = templatedDistance;
        this.templatedRecent = templatedRecent;
    }

    /**
     * Applies the events; emits how many of them changed a fact (the others were repeats or superseded). The
     * clinicians whose figures changed are marked for evaluation, with the partition their events arrive on.
     */
    public Uni<Integer> apply(List<CloudEvent<MessageSent>> events, Map<String, Integer> partitionOfClinician) {
        Map<String, CloudEvent<MessageSent>> latest = new LinkedHashMap<>();
        for (CloudEvent<MessageSent> event : events) {
            latest.merge(event.data().messageId(), event, (a, b) ->
                    b.data().effectiveRevision() > a.data().effectiveRevision() ? b : a);
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return MessageFactEntity.<MessageFactEntity>list("messageId in ?1", latest.keySet()).flatMap(existing -> {
            Map<String, MessageFactEntity> byId = existing.stream()
                    .collect(Collectors.toMap(f -> f.messageId, f -> f));
            Set<MessageFact.Key> touched = new HashSet<>();
            List<CloudEvent<MessageSent>> changes = latest.values().stream().filter(event -> {
                MessageFactEntity stored = byId.get(event.data().messageId());
                return stored == null || stored.revision < event.data().effectiveRevision();
            }).toList();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (CloudEvent<MessageSent> event : changes) {
                chain = chain.flatMap(ignored -> applyOne(event, byId.get(event.data().messageId()), touched));
            }
            return chain.flatMap(ignored -> recompute(touched))
                    .flatMap(ignored -> markForEvaluation(touched, partitionOfClinician))
                    .replaceWith(changes.size());
        });
    }

    private Uni<Void> applyOne(CloudEvent<MessageSent> event, MessageFactEntity stored, Set<MessageFact.Key> touched) {
        MessageSent sent = event.data();
        MessageFact before = stored == null ? null : stored.toFact();
        MessageFactEntity fact = stored == null ? new MessageFactEntity() : stored;
        fact.messageId = sent.messageId();
        fact.revision = sent.effectiveRevision();
        fact.eventId = event.id();
        fact.clinicianId = sent.clinicianId();
        fact.patientId = sent.patientId();
        fact.threadId = sent.threadId();
        fact.kind = sent.kind();
        fact.sentAt = sent.sentAt();
        fact.day = calendar.day(sent.sentAt());
        fact.retracted = sent.isRetracted();
        fact.latencySeconds = sent.responseLatencySeconds();
        fact.fingerprint = sent.textFingerprint() == null ? null : Long.parseUnsignedLong(sent.textFingerprint(), 16);
        boolean patientMessage = fact.kind == MessageKind.PATIENT_INITIATED || fact.kind == MessageKind.PATIENT_FOLLOW_UP;
        fact.dueAt = patientMessage ? calendar.dueAfter(sent.sentAt(), targetBusinessDays) : null;
        if (!patientMessage) {
            fact.answeredBy = null;
            fact.answeredAt = null;
        }
        if (fact.kind != MessageKind.PROVIDER_RESPONSE) {
            fact.templated = null;
        }
        if (before != null) {
            touched.add(before.dayKey());
        }
        touched.add(new MessageFact.Key(fact.clinicianId, fact.day));
        Uni<Void> saved = stored == null ? fact.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        return saved
                .flatMap(ignored -> claims(fact, before, sent, touched))
                .flatMap(ignored -> patientMessage ? answer(List.of(fact), touched) : Uni.createFrom().voidItem())
                .flatMap(ignored -> templated(fact, before, touched));
    }

    /** A response's claims follow its latest revision; the patient messages it claimed or stops claiming are re-answered. */
    private Uni<Void> claims(MessageFactEntity fact, MessageFact before, MessageSent sent, Set<MessageFact.Key> touched) {
        boolean wasResponse = before != null && before.kind() == MessageKind.PROVIDER_RESPONSE;
        boolean isResponse = fact.kind == MessageKind.PROVIDER_RESPONSE;
        if (!wasResponse && !isResponse) {
            return Uni.createFrom().voidItem();
        }
        Set<String> claimed = isResponse && sent.answeredMessageIds() != null
                ? new LinkedHashSet<>(sent.answeredMessageIds()) : Set.of();
        return AnswerClaimEntity.<AnswerClaimEntity>list("responseId", fact.messageId).flatMap(previous -> {
            Set<String> affected = new LinkedHashSet<>(claimed);
            previous.forEach(claim -> affected.add(claim.patientMessageId));
            Set<String> kept = new HashSet<>();
            Uni<Void> replaced = Uni.createFrom().voidItem();
            for (AnswerClaimEntity claim : previous) {
                if (claimed.contains(claim.patientMessageId)) {
                    kept.add(claim.patientMessageId);
                } else {
                    replaced = replaced.flatMap(ignored -> claim.delete());
                }
            }
            List<AnswerClaimEntity> added = claimed.stream().filter(id -> !kept.contains(id))
                    .map(id -> AnswerClaimEntity.of(fact.messageId, id)).toList();
            if (!added.isEmpty()) {
                replaced = replaced.flatMap(ignored -> AnswerClaimEntity.persist(added));
            }
            return replaced.flatMap(ignored -> affected.isEmpty() ? Uni.createFrom().voidItem()
                    : MessageFactEntity.<MessageFactEntity>list("messageId in ?1", affected)
                            .flatMap(patients -> answer(patients, touched)));
        });
    }

    /** Sets each patient message's answer: the earliest live response that claims it, if any. */
    private Uni<Void> answer(List<MessageFactEntity> patients, Set<MessageFact.Key> touched) {
        Uni<Void> chain = Panache.getSession().flatMap(session -> session.flush());
        for (MessageFactEntity patient : patients) {
            if (patient.kind != MessageKind.PATIENT_INITIATED && patient.kind != MessageKind.PATIENT_FOLLOW_UP) {
                continue;
            }
            chain = chain.flatMap(ignored -> Panache.getSession()).flatMap(session -> session
                    .createSelectionQuery("select r.messageId, r.sentAt from MessageFactEntity r, AnswerClaimEntity c"
                            + " where c.patientMessageId = :id and r.messageId = c.responseId and r.retracted = false"
                            + " and r.kind = :kind order by r.sentAt, r.messageId", Object[].class)
                    .setParameter("id", patient.messageId)
                    .setParameter("kind", MessageKind.PROVIDER_RESPONSE)
                    .setMaxResults(1)
                    .getResultList()
                    .invoke(rows -> {
                        String by = rows.isEmpty() ? null : (String) rows.get(0)[0];
                        Instant at = rows.isEmpty() ? null : (Instant) rows.get(0)[1];
                        if (!java.util.Objects.equals(by, patient.answeredBy)
                                || !java.util.Objects.equals(at, patient.answeredAt)) {
                            patient.answeredBy = by;
                            patient.answeredAt = at;
                            touched.add(new MessageFact.Key(patient.clinicianId, patient.day));
                        }
                    })
                    .replaceWithVoid());
        }
        return chain;
    }

    /**
     * Templated or personal: a response is templated when another live response of the same clinician within
     * {@code recent} of it has a fingerprint at most {@code templatedDistance} bits away. The relation is
     * symmetric, so the first use of a template turns templated when the second arrives, whatever the order.
     * PostgreSQL finds the near responses ({@code bit_count} of the XOR), so only the few that match are loaded.
     */
    private Uni<Void> templated(MessageFactEntity fact, MessageFact before, Set<MessageFact.Key> touched) {
        boolean wasLive = before != null && before.isLiveResponse() && before.fingerprint() != null;
        boolean isLive = fact.kind == MessageKind.PROVIDER_RESPONSE && !fact.retracted && fact.fingerprint != null;
        if (!wasLive && !isLive) {
            return Uni.createFrom().voidItem();
        }
        boolean unchanged = wasLive && isLive && before.fingerprint().equals(fact.fingerprint)
                && before.sentAt().equals(fact.sentAt);
        return Panache.getSession().flatMap(session -> session.flush())
                .flatMap(ignored -> isLive ? near(fact.clinicianId, fact.messageId, fact.fingerprint, fact.sentAt)
                        : Uni.createFrom().item(List.<String>of()))
                .flatMap(current -> (wasLive && !unchanged
                        ? near(before.clinicianId(), before.messageId(), before.fingerprint(), before.sentAt())
                        : Uni.createFrom().item(List.<String>of())).flatMap(previous -> {
                    if (fact.kind == MessageKind.PROVIDER_RESPONSE) {
                        setTemplated(fact, isLive && !current.isEmpty(), touched);
                    }
                    Set<String> gained = new LinkedHashSet<>(current);
                    Set<String> lost = new LinkedHashSet<>(previous);
                    lost.removeAll(current);
                    Set<String> affected = new LinkedHashSet<>(gained);
                    affected.addAll(lost);
                    if (affected.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return MessageFactEntity.<MessageFactEntity>list("messageId in ?1", affected).flatMap(neighbours -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (MessageFactEntity neighbour : neighbours) {
                            if (gained.contains(neighbour.messageId)) {
                                setTemplated(neighbour, true, touched);
                            } else {
                                // It was near this response's old text or time: is anything else near it?
                                chain = chain.flatMap(ignored -> near(neighbour.clinicianId, neighbour.messageId,
                                        neighbour.fingerprint, neighbour.sentAt)
                                        .invoke(others -> setTemplated(neighbour, !others.isEmpty(), touched))
                                        .replaceWithVoid());
                            }
                        }
                        return chain;
                    });
                }));
    }

    /** The clinician's other live responses within {@code recent} of {@code sentAt} and near {@code fingerprint}. */
    private Uni<List<String>> near(String clinicianId, String messageId, long fingerprint, Instant sentAt) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select message_id from message_fact"
                        + " where clinician_id = :c and kind = 'PROVIDER_RESPONSE' and not retracted"
                        + " and fingerprint is not null and message_id <> :id and sent_at between :from and :to"
                        + " and bit_count((fingerprint # :f)::bit(64)) <= :d", String.class)
                .setParameter("c", clinicianId)
                .setParameter("id", messageId)
                .setParameter("from", sentAt.minus(templatedRecent))
                .setParameter("to", sentAt.plus(templatedRecent))
                .setParameter("f", fingerprint)
                .setParameter("d", templatedDistance)
                .getResultList());
    }

    private static void setTemplated(MessageFactEntity response, boolean templated, Set<MessageFact.Key> touched) {
        if (!Boolean.valueOf(templated).equals(response.templated)) {
            response.templated = templated;
            touched.add(new MessageFact.Key(response.clinicianId, response.day));
        }
    }

    /** Recomputes the day rows an event touched from their facts. */
    private Uni<Void> recompute(Set<MessageFact.Key> touched) {
        if (touched.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Set<LocalDate>> daysByClinician = new TreeMap<>();
        touched.forEach(key -> daysByClinician.computeIfAbsent(key.clinicianId(), c -> new HashSet<>()).add(key.day()));
        Uni<Void> chain = Panache.getSession().flatMap(session -> session.flush());
        for (Map.Entry<String, Set<LocalDate>> entry : daysByClinician.entrySet()) {
            String clinician = entry.getKey();
            Set<LocalDate> days = entry.getValue();
            chain = chain
                    .flatMap(ignored -> MessageFactEntity.<MessageFactEntity>list("clinicianId = ?1 and day in ?2",
                            clinician, days))
                    .flatMap(facts -> ClinicianDayEntity.<ClinicianDayEntity>list("clinicianId = ?1 and day in ?2",
                                    clinician, days)
                            .flatMap(rows -> {
                                Map<LocalDate, List<MessageFact>> byDay = new HashMap<>();
                                days.forEach(day -> byDay.put(day, new ArrayList<>()));
                                facts.forEach(f -> byDay.get(f.day).add(f.toFact()));
                                Map<LocalDate, ClinicianDayEntity> stored = new HashMap<>();
                                rows.forEach(row -> stored.put(row.day, row));
                                List<ClinicianDayEntity> added = new ArrayList<>();
                                byDay.forEach((day, dayFacts) -> {
                                    ClinicianDayEntity row = stored.get(day);
                                    if (row == null) {
                                        row = new ClinicianDayEntity();
                                        added.add(row);
                                    }
                                    fill(row, clinician, day, DayTotals.of(dayFacts));
                                });
                                return added.isEmpty() ? Uni.createFrom().voidItem()
                                        : ClinicianDayEntity.persist(added);
                            }));
        }
        return chain;
    }

    private Uni<Void> markForEvaluation(Set<MessageFact.Key> touched, Map<String, Integer> partitionOfClinician) {
        Set<String> clinicians = new java.util.TreeSet<>();
        touched.forEach(key -> clinicians.add(key.clinicianId()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String clinician : clinicians) {
            int partition = partitionOfClinician.getOrDefault(clinician, -1);
            chain = chain.flatMap(ignored -> Panache.getSession()).flatMap(session -> session.createNativeQuery(
                            "insert into clinician (clinician_id, kafka_partition, dirty, tier, tier_since,"
                                    + " patient_messages, judged) values (:c, :p, true, 'UNRATED', now(), 0, 0)"
                                    + " on conflict (clinician_id) do update set dirty = true, kafka_partition ="
                                    + " case when excluded.kafka_partition >= 0 then excluded.kafka_partition"
                                    + " else clinician.kafka_partition end")
                    .setParameter("c", clinician)
                    .setParameter("p", partition)
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return chain;
    }

    private static void fill(ClinicianDayEntity row, String clinicianId, LocalDate day, DayTotals totals) {
        row.clinicianId = clinicianId;
        row.day = day;
        row.patientInitiated = totals.count(MessageKind.PATIENT_INITIATED);
        row.providerInitiated = totals.count(MessageKind.PROVIDER_INITIATED);
        row.providerResponse = totals.count(MessageKind.PROVIDER_RESPONSE);
        row.patientFollowUp = totals.count(MessageKind.PATIENT_FOLLOW_UP);
        row.providerFollowUp = totals.count(MessageKind.PROVIDER_FOLLOW_UP);
        row.answered = totals.answered();
        row.answeredWithinTarget = totals.answeredWithinTarget();
        row.personalResponses = totals.personalResponses();
        row.templatedResponses = totals.templatedResponses();
        row.latencyHistogram = HistogramText.format(totals.latencyBuckets());
    }


}
