package health.rapport.notification.nudge.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.rapport.events.CloudEvent;
import health.rapport.events.NudgeAcknowledged;
import health.rapport.events.NudgeKind;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.nudge.repository.PreferenceEntity;
import health.rapport.support.outbox.Outbox;
import health.rapport.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A clinician's own nudges: the in-app inbox (every nudge that reached at least one channel, newest first),
 * acknowledging and snoozing them, and their opt-out. Escalations are about a clinician but for their supervisor, so
 * they are not in the clinician's inbox.
 */
@ApplicationScoped
public class NudgeInbox {

    static final List<NudgeStatus> VISIBLE = List.of(NudgeStatus.DELIVERED, NudgeStatus.ACKNOWLEDGED, NudgeStatus.SNOOZED);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NudgeView(String id, NudgeKind kind, NudgeStatus status, Instant createdAt, Instant deliveredAt,
            Instant acknowledgedAt, Instant snoozedUntil, Integer overdueReplies, Instant oldestWaitingSince,
            Integer windowDays, Double shareAnsweredWithinTarget, Double personalReplyShare, Long patientMessages) {

        static NudgeView of(NudgeEntity n) {
            boolean digest = n.kind == NudgeKind.OVERDUE_REPLIES;
            return new NudgeView(n.id, n.kind, n.status, n.createdAt, n.deliveredAt, n.acknowledgedAt, n.snoozedUntil,
                    digest ? n.itemCount : null, digest ? n.oldestWaitingSince : null, n.windowDays,
                    n.shareWithinTarget, n.personalShare, n.patientMessages);
        }
    }

    public record Page(List<NudgeView> items, Instant nextCreatedAt, String nextId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Preferences(boolean optOut, Instant snoozedUntil) {
    }

    private final Outbox outbox;
    private final Clock clock;

    public NudgeInbox(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One page, newest first, after the keyset position (createdAt, id) when given. */
    public Uni<Page> page(String clinicianId, Instant afterCreatedAt, String afterId, int size) {
        String keyset = afterCreatedAt == null ? ""
                : " and (n.createdAt < :at or (n.createdAt = :at and n.id < :after))";
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> {
            var query = session.createSelectionQuery("from NudgeEntity n where n.clinicianId = :clinician"
                            + " and n.kind <> :escalation and n.status in :visible" + keyset
                            + " order by n.createdAt desc, n.id desc", NudgeEntity.class)
                    .setParameter("clinician", clinicianId)
                    .setParameter("escalation", NudgeKind.ESCALATION)
                    .setParameter("visible", VISIBLE)
                    .setMaxResults(size + 1);
            if (afterCreatedAt != null) {
                query.setParameter("at", afterCreatedAt).setParameter("after", afterId);
            }
            return query.getResultList();
        })).map(rows -> {
            List<NudgeView> items = rows.stream().limit(size).map(NudgeView::of).toList();
            if (rows.size() <= size) {
                return new Page(items, null, null);
            }
            NudgeEntity last = rows.get(size - 1);
            return new Page(items, last.createdAt, last.id);
        });
    }

    public Uni<NudgeView> acknowledge(String clinicianId, String nudgeId) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> own(clinicianId, nudgeId).flatMap(nudge -> {
            if (nudge.status == NudgeStatus.ACKNOWLEDGED) {
                return Uni.createFrom().item(nudge);
            }
            if (nudge.status != NudgeStatus.DELIVERED && nudge.status != NudgeStatus.SNOOZED) {
                throw ProblemException.conflict("nudge-not-delivered", "the nudge is " + nudge.status
                        + "; only a delivered or snoozed nudge can be acknowledged");
            }
            nudge.status = NudgeStatus.ACKNOWLEDGED;
            nudge.acknowledgedAt = now;
            return outbox.enqueue(CloudEvent.of(NudgeDecisions.SOURCE, now, new NudgeAcknowledged(nudge.id,
                    nudge.clinicianId, nudge.kind, now))).replaceWith(nudge);
        })).invoke(outbox::flushSoon).map(NudgeView::of);
    }

    /** Snoozes the nudge and pauses the clinician's other nudges (escalations excepted) until then. */
    public Uni<NudgeView> snooze(String clinicianId, String nudgeId, Duration duration) {
        Instant now = clock.instant();
        Instant until = now.plus(duration);
        return Panache.withTransaction(() -> own(clinicianId, nudgeId).flatMap(nudge -> {
            if (nudge.status != NudgeStatus.DELIVERED && nudge.status != NudgeStatus.SNOOZED) {
                throw ProblemException.conflict("nudge-not-snoozable", "the nudge is " + nudge.status
                        + "; only a delivered or snoozed nudge can be snoozed");
            }
            nudge.status = NudgeStatus.SNOOZED;
            nudge.snoozedUntil = until;
            return preference(clinicianId, now).invoke(preference -> {
                if (preference.snoozedUntil == null || preference.snoozedUntil.isBefore(until)) {
                    preference.snoozedUntil = until;
                }
            }).replaceWith(nudge);
        })).map(NudgeView::of);
    }

    public Uni<Preferences> preferences(String clinicianId) {
        return Panache.withSession(() -> PreferenceEntity.<PreferenceEntity>findById(clinicianId))
                .map(p -> p == null ? new Preferences(false, null) : new Preferences(p.optedOut, active(p.snoozedUntil)));
    }

    public Uni<Preferences> setOptOut(String clinicianId, boolean optOut) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> preference(clinicianId, now).invoke(p -> p.optedOut = optOut))
                .map(p -> new Preferences(p.optedOut, active(p.snoozedUntil)));
    }

    private Instant active(Instant snoozedUntil) {
        return snoozedUntil != null && snoozedUntil.isAfter(clock.instant()) ? snoozedUntil : null;
    }

    private Uni<PreferenceEntity> preference(String clinicianId, Instant now) {
        return PreferenceEntity.<PreferenceEntity>findById(clinicianId, LockModeType.PESSIMISTIC_WRITE).flatMap(row -> {
            if (row != null) {
                row.updatedAt = now;
                return Uni.createFrom().item(row);
            }
            PreferenceEntity fresh = new PreferenceEntity();
            fresh.clinicianId = clinicianId;
            fresh.updatedAt = now;
            return fresh.<PreferenceEntity>persistAndFlush();
        });
    }

    /** The caller's nudge, locked; 404 for anyone else's (whether it exists is none of their business). */
    private Uni<NudgeEntity> own(String clinicianId, String nudgeId) {
        return NudgeEntity.<NudgeEntity>findById(nudgeId, LockModeType.PESSIMISTIC_WRITE).map(nudge -> {
            if (nudge == null || !nudge.clinicianId.equals(clinicianId) || nudge.kind == NudgeKind.ESCALATION) {
                throw ProblemException.notFound("nudge " + nudgeId);
            }
            return nudge;
        });
    }
}
