package health.rapport.notification.nudge.delivery;

import health.rapport.events.CloudEvent;
import health.rapport.events.EngagementTier;
import health.rapport.events.NudgeChannel;
import health.rapport.events.NudgeDelivered;
import health.rapport.events.NudgeFailed;
import health.rapport.events.NudgeKind;
import health.rapport.notification.channel.Channel;
import health.rapport.notification.channel.NudgeMessage;
import health.rapport.notification.nudge.repository.ClinicianStateEntity;
import health.rapport.notification.nudge.repository.DeliveryEntity;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeItemEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.nudge.repository.PreferenceEntity;
import health.rapport.notification.nudge.service.NudgeDecisions;
import health.rapport.notification.policy.service.NudgePolicy;
import health.rapport.notification.policy.service.PolicyService;
import health.rapport.notification.policy.service.SendWindow;
import health.rapport.support.outbox.Outbox;
import health.rapport.support.vertx.SafeContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers due nudges. Every {@code rapport.notification.delivery.interval} it locks due deliveries
 * ({@code FOR UPDATE OF d, n SKIP LOCKED}, so replicas share the work without sending one twice) and, in that
 * transaction, checks each again: suppressed when its cause is gone, dropped when the clinician opted out (escalations
 * excepted), deferred by a snooze, the weekly cap or the recipient's quiet hours and working days. What is left is
 * claimed: the attempt is counted and the row leased ({@code SENDING}, due again after
 * {@code rapport.notification.delivery.lease}, 60 s, or the back-off if longer) before anything is sent. Then it is
 * sent outside any transaction, and the outcome is recorded with its {@code nudge.delivered} or {@code nudge.failed}
 * event in a second transaction.
 *
 * <p>At-least-once: a crash after the channel accepted a message and before the outcome committed leaves the row
 * {@code SENDING}; when its lease ends it is sent again (the same nudge id, in the e-mail header
 * {@code X-Rapport-Nudge} and the webhook body). A crash before the claim committed sends nothing and loses nothing.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int BATCH = 50;

    record Claimed(long deliveryId, String nudgeId, NudgeChannel channel, String recipient, int attempts,
            NudgeMessage message, int maxAttempts, long retryDelaySeconds) {
    }

    private record Round(int locked, List<Claimed> claimed) {
    }

    private final PolicyService policies;
    private final Outbox outbox;
    private final Clock clock;
    private final Vertx vertx;
    private final Map<NudgeChannel, Channel> channels = new EnumMap<>(NudgeChannel.class);
    private final String portalUrl;
    private final long leaseSeconds;
    private final AtomicBoolean running = new AtomicBoolean();

    public DeliveryWorker(PolicyService policies, Outbox outbox, Clock clock, Vertx vertx, Instance<Channel> channels,
            @ConfigProperty(name = "rapport.notification.portal-url", defaultValue = "http://127.0.0.1:8080/")
            String portalUrl,
            @ConfigProperty(name = "rapport.notification.delivery.lease", defaultValue = "PT60S") Duration lease) {
        this.policies = policies;
        this.outbox = outbox;
        this.clock = clock;
        this.vertx = vertx;
        channels.forEach(channel -> this.channels.put(channel.kind(), channel));
        this.portalUrl = portalUrl;
        this.leaseSeconds = lease.toSeconds();
    }

    @Scheduled(every = "${rapport.notification.delivery.interval:5s}", delayed = "${rapport.notification.delivery.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        SafeContexts.fresh(vertx).runOnContext(ignored -> runOnce().subscribe().with(count -> { },
                failure -> LOG.warnf("delivery round failed: %s", failure.toString())));
    }

    /** Works through every due delivery; the number of deliveries looked at. */
    public Uni<Integer> runOnce() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return rounds().eventually(() -> running.set(false));
    }

    private Uni<Integer> rounds() {
        return claim().flatMap(round -> sendAll(round.claimed())
                .invoke(() -> {
                    if (!round.claimed().isEmpty()) {
                        outbox.flushSoon();
                    }
                })
                .flatMap(v -> round.locked() == BATCH ? rounds().map(more -> round.locked() + more)
                        : Uni.createFrom().item(round.locked())));
    }

    private Uni<Round> claim() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> policies.current().flatMap(policy -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select d.* from nudge_delivery d join nudge n on"
                                + " n.id = d.nudge_id where d.status in ('PENDING', 'SENDING') and d.due_at <= :now"
                                + " order by d.due_at, d.id limit :limit for update of d, n skip locked",
                                DeliveryEntity.class)
                        .setParameter("now", now)
                        .setParameter("limit", BATCH)
                        .getResultList())
                .flatMap(rows -> {
                    Uni<List<Claimed>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (DeliveryEntity row : rows) {
                        chain = chain.flatMap(claimed -> examine(policy, row, now).map(next -> {
                            next.ifPresent(claimed::add);
                            return claimed;
                        }));
                    }
                    return chain.map(claimed -> new Round(rows.size(), claimed));
                })));
    }

    /** Suppresses, defers or claims one due delivery; the claim when it is to be sent now. */
    private Uni<Optional<Claimed>> examine(NudgePolicy policy, DeliveryEntity row, Instant now) {
        return NudgeEntity.<NudgeEntity>findById(row.nudgeId).flatMap(nudge -> {
            if (nudge.status == NudgeStatus.SUPPRESSED || nudge.status == NudgeStatus.OPTED_OUT
                    || nudge.status == NudgeStatus.SKIPPED || nudge.status == NudgeStatus.ACKNOWLEDGED) {
                row.status = DeliveryEntity.Status.SUPPRESSED;
                row.lastError = "nudge is " + nudge.status;
                return none();
            }
            return causeGone(nudge).flatMap(gone -> {
                if (gone.isPresent()) {
                    LOG.infof("nudge %s (%s) for %s suppressed: %s", nudge.id, nudge.kind, nudge.clinicianId, gone.get());
                    return close(nudge, NudgeStatus.SUPPRESSED, gone.get());
                }
                if (nudge.kind == NudgeKind.ESCALATION) {
                    return inWindow(policy, row, nudge, now);
                }
                return PreferenceEntity.<PreferenceEntity>findById(nudge.clinicianId).flatMap(preference -> {
                    if (preference != null && preference.optedOut) {
                        return close(nudge, NudgeStatus.OPTED_OUT, "the clinician opted out of nudges");
                    }
                    if (preference != null && preference.snoozedUntil != null && preference.snoozedUntil.isAfter(now)) {
                        return defer(row, nudge, SendWindow.of(policy).next(preference.snoozedUntil,
                                ZoneId.of(nudge.zone)), "snoozed by the clinician");
                    }
                    return capReachedUntil(policy, nudge, now).flatMap(capEnd -> capEnd.isPresent()
                            ? defer(row, nudge, SendWindow.of(policy).next(capEnd.get(), ZoneId.of(nudge.zone)),
                                    "weekly cap of " + policy.weeklyCap() + " reached")
                            : inWindow(policy, row, nudge, now));
                });
            });
        });
    }

    private Uni<Optional<Claimed>> inWindow(NudgePolicy policy, DeliveryEntity row, NudgeEntity nudge, Instant now) {
        SendWindow window = SendWindow.of(policy);
        ZoneId zone = ZoneId.of(nudge.zone);
        if (!window.allows(now, zone)) {
            return defer(row, nudge, window.next(now, zone), "quiet hours or not a working day in " + nudge.zone);
        }
        row.attempts++;
        row.status = DeliveryEntity.Status.SENDING;
        row.lastAttemptAt = now;
        row.dueAt = now.plusSeconds(Math.max(leaseSeconds, policy.retryDelaySeconds(row.attempts)));
        if (nudge.status == NudgeStatus.SCHEDULED) {
            nudge.status = NudgeStatus.SENDING;
        }
        return Uni.createFrom().item(Optional.of(new Claimed(row.id, nudge.id, row.channel, row.recipient,
                row.attempts, message(policy, nudge, now), policy.maxAttempts(),
                policy.retryDelaySeconds(row.attempts))));
    }

    /**
     * Why the nudge no longer applies, if its cause is gone: every message of a digest was answered, or the tier it was
     * about changed back. A digest with some messages answered is brought to what still waits.
     */
    private Uni<Optional<String>> causeGone(NudgeEntity nudge) {
        if (nudge.kind == NudgeKind.OVERDUE_REPLIES) {
            return NudgeItemEntity.<NudgeItemEntity>list("id.nudgeId", nudge.id).map(items -> {
                List<NudgeItemEntity> waiting = items.stream().filter(i -> i.answeredAt == null).toList();
                if (!items.isEmpty() && waiting.isEmpty()) {
                    return Optional.of("cause gone: every overdue reply in the digest was answered");
                }
                if (waiting.size() < items.size() && nudge.deliveredAt == null) {
                    nudge.itemCount = waiting.size();
                    nudge.oldestWaitingSince = waiting.stream().map(i -> i.receivedAt).min(Instant::compareTo)
                            .orElse(nudge.oldestWaitingSince);
                }
                return Optional.<String>empty();
            });
        }
        if (nudge.kind != NudgeKind.LOW_ENGAGEMENT && nudge.kind != NudgeKind.RECOVERY_THANKS) {
            return Uni.createFrom().item(Optional.empty());
        }
        return ClinicianStateEntity.<ClinicianStateEntity>findById(nudge.clinicianId).map(state -> {
            EngagementTier tier = state == null ? null : state.tier;
            if (nudge.kind == NudgeKind.LOW_ENGAGEMENT && tier != EngagementTier.LOW) {
                return Optional.of("cause gone: the clinician's tier is now " + tier);
            }
            if (nudge.kind == NudgeKind.RECOVERY_THANKS && tier == EngagementTier.LOW) {
                return Optional.of("cause gone: the clinician is in the LOW tier again");
            }
            return Optional.empty();
        });
    }

    /** When the clinician's last 7 days hold the weekly cap of delivered nudges: the time the oldest one leaves. */
    private Uni<Optional<Instant>> capReachedUntil(NudgePolicy policy, NudgeEntity nudge, Instant now) {
        if (nudge.deliveredAt != null) {
            return Uni.createFrom().item(Optional.empty()); // another channel of this nudge already counted it
        }
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select n.deliveredAt from NudgeEntity n where n.clinicianId = :clinician and n.kind <> :escalation"
                                + " and n.deliveredAt > :since and n.id <> :id order by n.deliveredAt desc", Instant.class)
                .setParameter("clinician", nudge.clinicianId)
                .setParameter("escalation", NudgeKind.ESCALATION)
                .setParameter("since", now.minus(Duration.ofDays(7)))
                .setParameter("id", nudge.id)
                .setMaxResults(policy.weeklyCap())
                .getResultList())
                .map(recent -> recent.size() < policy.weeklyCap() ? Optional.<Instant>empty()
                        : Optional.of(recent.get(recent.size() - 1).plus(Duration.ofDays(7)).plusSeconds(1)));
    }

    private Uni<Optional<Claimed>> defer(DeliveryEntity row, NudgeEntity nudge, Instant until, String why) {
        row.dueAt = until;
        if (row.status == DeliveryEntity.Status.SENDING) {
            row.status = DeliveryEntity.Status.PENDING;
        }
        nudge.reason = "deferred to " + until + ": " + why;
        LOG.debugf("delivery %d of nudge %s deferred to %s: %s", row.id, nudge.id, until, why);
        return none();
    }

    /** Ends the nudge without sending: every delivery of it not yet done is suppressed. */
    private Uni<Optional<Claimed>> close(NudgeEntity nudge, NudgeStatus status, String reason) {
        nudge.status = status;
        nudge.reason = reason;
        return Panache.getSession().flatMap(session -> session.createMutationQuery(
                        "update DeliveryEntity d set d.status = :suppressed, d.lastError = :reason where d.nudgeId = :id"
                                + " and d.status in :open")
                .setParameter("suppressed", DeliveryEntity.Status.SUPPRESSED)
                .setParameter("reason", reason)
                .setParameter("id", nudge.id)
                .setParameter("open", List.of(DeliveryEntity.Status.PENDING, DeliveryEntity.Status.SENDING))
                .executeUpdate())
                .flatMap(updated -> none());
    }

    private Uni<Void> sendAll(List<Claimed> claimed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Claimed work : claimed) {
            chain = chain.flatMap(v -> send(work));
        }
        return chain;
    }

    private Uni<Void> send(Claimed work) {
        Channel channel = channels.get(work.channel());
        Uni<Void> attempt = channel == null
                ? Uni.createFrom().failure(new IllegalStateException("no channel " + work.channel()))
                : Uni.createFrom().deferred(() -> channel.send(work.message(), work.recipient()));
        return attempt.map(v -> (String) null)
                .onFailure().recoverWithItem(failure -> failure.getMessage() == null ? failure.getClass().getSimpleName()
                        : failure.getMessage())
                .flatMap(error -> Panache.withTransaction(() -> record(work, error)))
                .onFailure().invoke(failure -> LOG.warnf("outcome of delivery %d not recorded (%s); it is sent again"
                        + " when its lease ends", work.deliveryId(), failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> record(Claimed work, String error) {
        Instant now = clock.instant();
        return DeliveryEntity.<DeliveryEntity>findById(work.deliveryId()).flatMap(row -> NudgeEntity
                .<NudgeEntity>findById(work.nudgeId()).flatMap(nudge -> {
                    if (error == null) {
                        row.status = DeliveryEntity.Status.DELIVERED;
                        row.deliveredAt = now;
                        row.lastError = null;
                        if (nudge.status == NudgeStatus.SCHEDULED || nudge.status == NudgeStatus.SENDING
                                || nudge.status == NudgeStatus.FAILED) {
                            nudge.status = NudgeStatus.DELIVERED;
                            nudge.reason = null;
                        }
                        if (nudge.deliveredAt == null) {
                            nudge.deliveredAt = now;
                        }
                        return outbox.enqueue(CloudEvent.of(NudgeDecisions.SOURCE, now, new NudgeDelivered(nudge.id,
                                nudge.clinicianId, nudge.kind, row.channel, row.attempts, now)));
                    }
                    String reason = error.length() > 400 ? error.substring(0, 400) : error;
                    row.lastError = reason;
                    if (row.attempts < work.maxAttempts()) {
                        row.status = DeliveryEntity.Status.PENDING;
                        row.dueAt = now.plusSeconds(work.retryDelaySeconds());
                        LOG.infof("delivery %d (%s) of nudge %s failed attempt %d of %d (%s); next at %s", row.id,
                                row.channel, nudge.id, row.attempts, work.maxAttempts(), reason, row.dueAt);
                        return Uni.createFrom().voidItem();
                    }
                    row.status = DeliveryEntity.Status.FAILED;
                    LOG.warnf("delivery %d (%s) of nudge %s failed for good after %d attempts: %s", row.id, row.channel,
                            nudge.id, row.attempts, reason);
                    return DeliveryEntity.count("nudgeId = ?1 and status in ?2", nudge.id,
                                    List.of(DeliveryEntity.Status.PENDING, DeliveryEntity.Status.SENDING,
                                            DeliveryEntity.Status.DELIVERED))
                            .flatMap(alive -> {
                                if (alive == 0 && (nudge.status == NudgeStatus.SCHEDULED
                                        || nudge.status == NudgeStatus.SENDING)) {
                                    nudge.status = NudgeStatus.FAILED;
                                    nudge.reason = "every channel failed; last: " + row.channel + ": " + reason;
                                }
                                return outbox.enqueue(CloudEvent.of(NudgeDecisions.SOURCE, now, new NudgeFailed(
                                        nudge.id, nudge.clinicianId, nudge.kind, row.channel, row.attempts, reason,
                                        now)));
                            });
                }));
    }

    private NudgeMessage message(NudgePolicy policy, NudgeEntity nudge, Instant now) {
        return new NudgeMessage(nudge.id, nudge.clinicianId, nudge.kind, nudge.itemCount,
                nudge.oldestWaitingSince == null ? null : Duration.between(nudge.oldestWaitingSince, now).toDays(),
                nudge.windowDays, percent(nudge.shareWithinTarget), percent(nudge.personalShare), nudge.patientMessages,
                (int) Math.round(policy.targetWithinShare() * 100), (int) Math.round(policy.targetPersonalShare() * 100),
                portalUrl, nudge.createdAt);
    }

    private static Integer percent(Double share) {
        return share == null ? null : (int) Math.round(share * 100);
    }

    private static Uni<Optional<Claimed>> none() {
        return Uni.createFrom().item(Optional.empty());
    }
}
