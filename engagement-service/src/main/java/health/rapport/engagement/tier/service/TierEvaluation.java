package health.rapport.engagement.tier.service;

import health.rapport.engagement.provider.repository.MessageFactEntity;
import health.rapport.engagement.provider.service.EngagementService;
import health.rapport.engagement.tier.messaging.OwnedPartitions;
import health.rapport.engagement.tier.repository.ClinicianEntity;
import health.rapport.events.CloudEvent;
import health.rapport.events.EngagementTierChanged;
import health.rapport.events.ReplyOverdue;
import health.rapport.support.outbox.Outbox;
import health.rapport.support.vertx.SafeContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Evaluates clinicians against the {@link TierPolicy} and signals overdue replies, emitting
 * {@code engagement.tier-changed} and {@code engagement.reply-overdue} through the outbox in the transaction that
 * records them, so each change and each overdue message is signalled exactly once.
 *
 * <p>Three triggers: clinicians whose facts changed are evaluated every {@code rapport.engagement.tier.dirty-interval}
 * (30 s), which keeps the consumer's batches free of evaluation work; every clinician of the partitions this
 * instance owns every {@code rapport.engagement.evaluation-interval} (15 min), because windows slide with time
 * and a clinician who went quiet can change tier without any event; and {@code POST /api/v1/engagement/evaluations}
 * (ops), which evaluates every clinician now. A clinician's row is locked while it is evaluated, so instances
 * that overlap during a rebalance cannot both emit the same change.
 */
@ApplicationScoped
public class TierEvaluation {

    private static final Logger LOG = Logger.getLogger(TierEvaluation.class);
    static final String SOURCE = "/rapport/engagement-service";
    private static final int OVERDUE_BATCH = 500;

    public record Result(int evaluated, int tierChanges, int overdueSignalled) {
    }

    private final EngagementService engagement;
    private final TierPolicy policy;
    private final Outbox outbox;
    private final OwnedPartitions partitions;
    private final Vertx vertx;
    private final Duration overdueLookback;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean running = new AtomicBoolean();

    public TierEvaluation(EngagementService engagement, TierPolicy policy, Outbox outbox, OwnedPartitions partitions,
            Vertx vertx,
            @ConfigProperty(name = "rapport.engagement.overdue.lookback", defaultValue = "P90D") Duration overdueLookback) {
        this.engagement = engagement;
        this.policy = policy;
        this.outbox = outbox;
        this.partitions = partitions;
        this.vertx = vertx;
        this.overdueLookback = overdueLookback;
    }

    @Scheduled(every = "${rapport.engagement.tier.dirty-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void evaluateChanged() {
        onContext(() -> run(partitions.owned(), true));
    }

    @Scheduled(every = "${rapport.engagement.evaluation-interval:15m}", delayed = "${rapport.engagement.evaluation-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void evaluateOwned() {
        onContext(() -> run(partitions.owned(), false));
    }

    /** Evaluates every clinician now, whichever instance owns them (ops' on-demand run). */
    public Uni<Result> evaluateAll() {
        return evaluate(null, false);
    }

    private Uni<Result> run(Set<Integer> owned, boolean changedOnly) {
        if (owned.isEmpty() || !running.compareAndSet(false, true)) {
            return Uni.createFrom().item(new Result(0, 0, 0));
        }
        return evaluate(owned, changedOnly).eventually(() -> running.set(false));
    }

    /** @param owned the partitions whose clinicians to evaluate, or null for all */
    Uni<Result> evaluate(Set<Integer> owned, boolean changedOnly) {
        String where = (owned == null ? "" : " and c.kafkaPartition in (:owned)") + (changedOnly ? " and c.dirty" : "");
        Uni<List<String>> ids = Panache.withSession(() -> Panache.getSession().flatMap(session -> {
            var query = session.createSelectionQuery("select c.clinicianId from ClinicianEntity c where 1 = 1" + where
                    + " order by c.clinicianId", String.class);
            return (owned == null ? query : query.setParameter("owned", owned)).getResultList();
        }));
        return ids.flatMap(clinicians -> {
            Uni<int[]> chain = Uni.createFrom().item(new int[2]);
            for (String clinician : clinicians) {
                chain = chain.flatMap(counts -> Panache.withTransaction(() -> evaluateOne(clinician))
                        .map(changed -> {
                            counts[0]++;
                            counts[1] += changed ? 1 : 0;
                            return counts;
                        })
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("clinician %s not evaluated: %s", clinician, failure.toString());
                            return counts;
                        }));
            }
            return chain;
        }).flatMap(counts -> signalOverdue(owned).map(signalled -> new Result(counts[0], counts[1], signalled)))
                .invoke(result -> {
                    if (result.tierChanges() + result.overdueSignalled() > 0) {
                        outbox.flushSoon();
                        LOG.infof("evaluation: %d clinicians, %d tier changes, %d overdue replies signalled",
                                result.evaluated(), result.tierChanges(), result.overdueSignalled());
                    }
                });
    }

    private Uni<Boolean> evaluateOne(String clinicianId) {
        Instant now = clock.instant();
        return ClinicianEntity.<ClinicianEntity>findById(clinicianId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(clinician -> clinician == null ? Uni.createFrom().item(false)
                        : engagement.summary(clinicianId, policy.windowDays()).flatMap(summary -> {
                            TierPolicy.Decision decision = policy.decide(summary);
                            clinician.dirty = false;
                            clinician.evaluatedAt = now;
                            clinician.shareWithinTarget = summary.replies().shareWithinTarget();
                            clinician.personalShare = summary.personalReplies().share();
                            clinician.patientMessages = summary.replies().patientMessages();
                            clinician.judged = summary.replies().judged();
                            if (decision.tier() == clinician.tier) {
                                return Uni.createFrom().item(false);
                            }
                            EngagementTierChanged changed = new EngagementTierChanged(clinicianId, clinician.tier,
                                    decision.tier(), policy.windowDays(), summary.replies().shareWithinTarget(),
                                    summary.personalReplies().share(), summary.replies().patientMessages(),
                                    decision.reasons(), now);
                            clinician.tier = decision.tier();
                            clinician.tierSince = now;
                            return outbox.enqueue(CloudEvent.of(SOURCE, now, changed)).replaceWith(true);
                        }));
    }

    /** Signals patient messages that passed their target unanswered, in batches, each message once. */
    private Uni<Integer> signalOverdue(Set<Integer> owned) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(
                                "select f.* from message_fact f where f.kind in ('PATIENT_INITIATED', 'PATIENT_FOLLOW_UP')"
                                        + " and not f.retracted and f.answered_by is null and f.overdue_signalled_at is null"
                                        + " and f.due_at < :now and f.due_at >= :since"
                                        + (owned == null ? "" : " and f.clinician_id in (select c.clinician_id from"
                                                + " clinician c where c.kafka_partition in (:owned))")
                                        + " order by f.due_at limit :limit for update of f skip locked",
                                MessageFactEntity.class)
                        .setParameter("now", now)
                        .setParameter("since", now.minus(overdueLookback))
                        .setParameter("limit", OVERDUE_BATCH);
            return (owned == null ? query : query.setParameter("owned", List.copyOf(owned))).getResultList();
        })
                .flatMap(overdue -> {
                    List<CloudEvent<ReplyOverdue>> events = new ArrayList<>();
                    for (MessageFactEntity fact : overdue) {
                        fact.overdueSignalledAt = now;
                        events.add(CloudEvent.of(SOURCE, now, new ReplyOverdue(fact.clinicianId, fact.threadId,
                                fact.messageId, fact.sentAt, fact.dueAt, now)));
                    }
                    return outbox.enqueueAll(events).replaceWith(overdue.size());
                }))
                .flatMap(count -> count == OVERDUE_BATCH ? signalOverdue(owned).map(more -> count + more)
                        : Uni.createFrom().item(count));
    }

    private void onContext(java.util.function.Supplier<Uni<Result>> work) {
        Context context = SafeContexts.fresh(vertx);
        context.runOnContext(ignored -> work.get().subscribe().with(result -> { }, failure ->
                LOG.warnf("scheduled evaluation failed: %s", failure.toString())));
    }
}
