package health.rapport.notification.nudge.service;

import health.rapport.events.CloudEvent;
import health.rapport.events.EngagementTier;
import health.rapport.events.EngagementTierChanged;
import health.rapport.events.EventPayload;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.NudgeChannel;
import health.rapport.events.NudgeKind;
import health.rapport.events.NudgeScheduled;
import health.rapport.events.ReplyOverdue;
import health.rapport.notification.channel.WebhookTargets;
import health.rapport.notification.directory.Clinician;
import health.rapport.notification.directory.ClinicianDirectory;
import health.rapport.notification.nudge.repository.ClinicianStateEntity;
import health.rapport.notification.nudge.repository.DeliveryEntity;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeItemEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.nudge.repository.PreferenceEntity;
import health.rapport.notification.policy.service.NudgePolicy;
import health.rapport.notification.policy.service.PolicyService;
import health.rapport.notification.policy.service.SendWindow;
import health.rapport.support.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Turns engagement events into nudges under the stored {@link NudgePolicy}. Runs inside the consumer's transaction
 * (the one that records the event id in {@code processed_event}), so the decision, its delivery rows and its
 * {@code nudge.scheduled} events commit together or not at all: a redelivered event decides nothing twice.
 *
 * <ul>
 *   <li>{@code reply-overdue} → an OVERDUE_REPLIES digest: joins the clinician's digest that has not gone out yet,
 *       otherwise starts a new one; each message is an item of it ({@code nudge_item}) until a provider response
 *       answers it ({@link #answered}).</li>
 *   <li>{@code tier-changed} into LOW → LOW_ENGAGEMENT (a waiting one takes the newer figures); out of LOW into
 *       MEDIUM or HIGH → RECOVERY_THANKS.</li>
 *   <li>After any of them: when the clinician has ignored {@code escalateAfterIgnored} nudges since the last
 *       escalation, an ESCALATION to their supervisor, or to the policy's ops address.</li>
 * </ul>
 * Cooldown per clinician and kind, snooze and the recipient's quiet hours and working days set {@code deliverAt}
 * (deferred, never dropped); the delivery worker checks them again, with the weekly cap and suppression, when it
 * is due.
 */
@ApplicationScoped
public class NudgeDecisions {

    private static final Logger LOG = Logger.getLogger(NudgeDecisions.class);
    public static final String SOURCE = "/rapport/notification-service";

    private final PolicyService policies;
    private final ClinicianDirectory directory;
    private final WebhookTargets webhooks;
    private final Outbox outbox;
    private final Clock clock;

    public NudgeDecisions(PolicyService policies, ClinicianDirectory directory, WebhookTargets webhooks, Outbox outbox,
            Clock clock) {
        this.policies = policies;
        this.directory = directory;
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Decides what the event calls for; call inside the consumer's transaction. */
    public Uni<Void> decide(CloudEvent<? extends EventPayload> event) {
        if (event.data() instanceof ReplyOverdue overdue) {
            return policies.current().flatMap(policy -> overdue(policy, event.id(), overdue));
        }
        if (event.data() instanceof EngagementTierChanged changed) {
            return policies.current().flatMap(policy -> tierChanged(policy, event.id(), changed));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> overdue(NudgePolicy policy, String eventId, ReplyOverdue overdue) {
        String clinicianId = overdue.clinicianId();
        return waiting(clinicianId, NudgeKind.OVERDUE_REPLIES).flatMap(digest -> {
            if (digest.isPresent()) {
                NudgeEntity nudge = digest.get();
                return NudgeItemEntity.<NudgeItemEntity>findById(new NudgeItemEntity.Key(nudge.id, overdue.messageId()))
                        .flatMap(known -> {
                            if (known != null) {
                                return Uni.createFrom().voidItem(); // the same message signalled again
                            }
                            nudge.itemCount++;
                            if (nudge.oldestWaitingSince == null
                                    || overdue.receivedAt().isBefore(nudge.oldestWaitingSince)) {
                                nudge.oldestWaitingSince = overdue.receivedAt();
                            }
                            return item(nudge, overdue);
                        });
            }
            return schedule(policy, clinicianId, NudgeKind.OVERDUE_REPLIES, eventId, nudge -> {
                nudge.itemCount = 1;
                nudge.oldestWaitingSince = overdue.receivedAt();
            }).flatMap(nudge -> (nudge.status == NudgeStatus.SCHEDULED ? item(nudge, overdue) : Uni.createFrom().voidItem())
                    .flatMap(v -> escalateIfIgnored(policy, clinicianId, eventId, nudge)));
        });
    }

    private Uni<Void> tierChanged(NudgePolicy policy, String eventId, EngagementTierChanged changed) {
        String clinicianId = changed.clinicianId();
        Uni<Void> state = ClinicianStateEntity.<ClinicianStateEntity>findById(clinicianId).flatMap(row -> {
            if (row != null && row.evaluatedAt.isAfter(changed.evaluatedAt())) {
                return Uni.createFrom().voidItem();
            }
            ClinicianStateEntity target = row != null ? row : new ClinicianStateEntity();
            target.clinicianId = clinicianId;
            target.tier = changed.tier();
            target.evaluatedAt = changed.evaluatedAt();
            target.windowDays = changed.windowDays();
            target.shareWithinTarget = changed.shareAnsweredWithinTarget();
            target.personalShare = changed.personalReplyShare();
            target.patientMessages = changed.patientMessages();
            return row != null ? Uni.createFrom().voidItem() : target.persist().replaceWithVoid();
        });
        Consumer<NudgeEntity> figures = nudge -> {
            nudge.windowDays = changed.windowDays();
            nudge.shareWithinTarget = changed.shareAnsweredWithinTarget();
            nudge.personalShare = changed.personalReplyShare();
            nudge.patientMessages = changed.patientMessages();
        };
        if (changed.tier() == EngagementTier.LOW && changed.previousTier() != EngagementTier.LOW) {
            return state.flatMap(v -> waiting(clinicianId, NudgeKind.LOW_ENGAGEMENT)).flatMap(waiting -> {
                if (waiting.isPresent()) {
                    figures.accept(waiting.get());
                    return Uni.createFrom().voidItem();
                }
                return schedule(policy, clinicianId, NudgeKind.LOW_ENGAGEMENT, eventId, figures)
                        .flatMap(nudge -> escalateIfIgnored(policy, clinicianId, eventId, nudge));
            });
        }
        if (changed.previousTier() == EngagementTier.LOW
                && (changed.tier() == EngagementTier.MEDIUM || changed.tier() == EngagementTier.HIGH)) {
            return state.flatMap(v -> schedule(policy, clinicianId, NudgeKind.RECOVERY_THANKS, eventId, figures))
                    .replaceWithVoid();
        }
        return state;
    }

    private static Uni<Void> item(NudgeEntity digest, ReplyOverdue overdue) {
        return NudgeItemEntity.of(digest.id, overdue.messageId(), overdue.receivedAt()).persist().replaceWithVoid();
    }

    /**
     * A provider response answered these patient messages: they no longer wait in any digest. Call inside the
     * consumer's transaction; repeats change nothing.
     */
    public Uni<Void> answered(MessageSent response) {
        List<String> ids = response.answeredMessageIds();
        if (response.kind() != MessageKind.PROVIDER_RESPONSE || ids == null || ids.isEmpty() || response.isRetracted()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createMutationQuery("update NudgeItemEntity i set"
                        + " i.answeredAt = :at where i.id.messageId in :ids and i.answeredAt is null")
                .setParameter("at", response.sentAt())
                .setParameter("ids", ids)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The clinician's nudge of this kind that no delivery has attempted yet, locked, if there is one. */
    private Uni<Optional<NudgeEntity>> waiting(String clinicianId, NudgeKind kind) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select * from nudge where clinician_id = :clinician and kind = :kind and status = 'SCHEDULED'"
                                + " order by created_at desc limit 1 for update", NudgeEntity.class)
                .setParameter("clinician", clinicianId)
                .setParameter("kind", kind.name())
                .getResultList())
                .map(rows -> rows.stream().findFirst());
    }

    /**
     * Records a nudge for the clinician: SKIPPED when the directory does not know them (or they have no usable
     * channel), OPTED_OUT when they opted out, otherwise SCHEDULED with one delivery per channel and a
     * {@code nudge.scheduled} event per delivery.
     */
    Uni<NudgeEntity> schedule(NudgePolicy policy, String clinicianId, NudgeKind kind, String eventId,
            Consumer<NudgeEntity> details) {
        Instant now = clock.instant();
        NudgeEntity nudge = newNudge(policy, clinicianId, kind, eventId, now);
        details.accept(nudge);
        return directory.find(clinicianId).flatMap(found -> {
            if (found.isEmpty()) {
                LOG.warnf("nudge %s (%s) for clinician %s skipped: not in the directory (Keycloak has no user with"
                        + " fhirUser Practitioner/%s); event %s", nudge.id, kind, clinicianId, clinicianId, eventId);
                return record(nudge, NudgeStatus.SKIPPED, "clinician not found in the directory");
            }
            Clinician clinician = found.get();
            nudge.zone = clinician.zone().orElse(policy.defaultZone()).getId();
            return PreferenceEntity.<PreferenceEntity>findById(clinicianId).flatMap(preference -> {
                if (preference != null && preference.optedOut) {
                    return record(nudge, NudgeStatus.OPTED_OUT, "the clinician opted out of nudges");
                }
                List<DeliveryEntity> deliveries = new ArrayList<>();
                List<String> unusable = new ArrayList<>();
                for (NudgeChannel channel : clinician.channels()) {
                    switch (channel) {
                        case EMAIL -> clinician.email().ifPresentOrElse(email -> deliveries.add(delivery(channel, email)),
                                () -> unusable.add("EMAIL (no e-mail address)"));
                        case IN_APP -> deliveries.add(delivery(channel, clinicianId));
                        case WEBHOOK -> {
                            if (webhooks.configured(clinician.organization())) {
                                deliveries.add(delivery(channel, clinician.organization()));
                            } else {
                                unusable.add("WEBHOOK (no webhook for organisation " + clinician.organization() + ")");
                            }
                        }
                    }
                }
                if (!unusable.isEmpty()) {
                    LOG.infof("nudge %s for clinician %s: channels not usable: %s", nudge.id, clinicianId, unusable);
                }
                if (deliveries.isEmpty()) {
                    return record(nudge, NudgeStatus.SKIPPED, "no usable channel: " + String.join("; ", unusable));
                }
                Instant snoozedUntil = preference == null ? null : preference.snoozedUntil;
                return deliverAt(policy, clinicianId, kind, ZoneId.of(nudge.zone), snoozedUntil, now)
                        .flatMap(at -> persist(nudge, at, deliveries));
            });
        });
    }

    /** An ESCALATION when the clinician ignored enough nudges since the last one; to the supervisor, else ops. */
    private Uni<Void> escalateIfIgnored(NudgePolicy policy, String clinicianId, String eventId, NudgeEntity cause) {
        if (policy.escalateAfterIgnored() == 0 || cause.status == NudgeStatus.SKIPPED) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select count(*) from nudge n where n.clinician_id = :clinician and n.kind <> 'ESCALATION'"
                                + " and n.id <> :current"
                                + " and n.status in ('DELIVERED', 'OPTED_OUT') and n.created_at > coalesce((select"
                                + " max(e.created_at) from nudge e where e.clinician_id = :clinician and e.kind ="
                                + " 'ESCALATION' and e.status <> 'SKIPPED'), cast('-infinity' as timestamptz))", Long.class)
                .setParameter("clinician", clinicianId)
                .setParameter("current", cause.id)
                .getSingleResult())
                .flatMap(ignored -> {
                    if (ignored < policy.escalateAfterIgnored()) {
                        return Uni.createFrom().voidItem();
                    }
                    return escalate(policy, clinicianId, eventId, ignored.intValue());
                });
    }

    private Uni<Void> escalate(NudgePolicy policy, String clinicianId, String eventId, int ignored) {
        Instant now = clock.instant();
        NudgeEntity nudge = newNudge(policy, clinicianId, NudgeKind.ESCALATION, eventId, now);
        nudge.ignoredNudges = ignored;
        nudge.itemCount = ignored;
        Uni<Optional<Clinician>> supervisor = directory.find(clinicianId)
                .flatMap(c -> c.flatMap(Clinician::supervisorId).map(directory::find)
                        .orElse(Uni.createFrom().item(Optional.empty())));
        return supervisor.flatMap(found -> {
            String email = found.flatMap(Clinician::email).orElse(policy.opsEmail());
            if (email == null) {
                return record(nudge, NudgeStatus.SKIPPED, "no supervisor with an e-mail address and no opsEmail in"
                        + " the policy").replaceWithVoid();
            }
            nudge.zone = found.flatMap(Clinician::zone).orElse(policy.defaultZone()).getId();
            LOG.infof("clinician %s ignored %d nudges: escalating to %s", clinicianId, ignored,
                    found.isPresent() ? "supervisor " + found.get().clinicianId() : "ops");
            return deliverAt(policy, clinicianId, NudgeKind.ESCALATION, ZoneId.of(nudge.zone), null, now)
                    .flatMap(at -> persist(nudge, at, List.of(delivery(NudgeChannel.EMAIL, email))))
                    .replaceWithVoid();
        });
    }

    /** Now, or the end of the kind's cooldown or of a snooze, moved into the recipient's send window. */
    private Uni<Instant> deliverAt(NudgePolicy policy, String clinicianId, NudgeKind kind, ZoneId zone,
            Instant snoozedUntil, Instant now) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select max(coalesce(n.deliveredAt, n.deliverAt)) from NudgeEntity n where n.clinicianId ="
                                + " :clinician and n.kind = :kind and n.status in :live", Instant.class)
                .setParameter("clinician", clinicianId)
                .setParameter("kind", kind)
                .setParameter("live", List.of(NudgeStatus.SCHEDULED, NudgeStatus.SENDING, NudgeStatus.DELIVERED,
                        NudgeStatus.ACKNOWLEDGED, NudgeStatus.SNOOZED))
                .getSingleResultOrNull())
                .map(last -> {
                    Instant earliest = now;
                    if (last != null) {
                        Instant cooldownEnd = last.plusSeconds(3600L * policy.cooldownHours(kind));
                        earliest = cooldownEnd.isAfter(earliest) ? cooldownEnd : earliest;
                    }
                    if (kind != NudgeKind.ESCALATION && snoozedUntil != null && snoozedUntil.isAfter(earliest)) {
                        earliest = snoozedUntil;
                    }
                    return SendWindow.of(policy).next(earliest, zone);
                });
    }

    private Uni<NudgeEntity> persist(NudgeEntity nudge, Instant deliverAt, List<DeliveryEntity> deliveries) {
        nudge.status = NudgeStatus.SCHEDULED;
        nudge.deliverAt = deliverAt;
        List<CloudEvent<NudgeScheduled>> events = new ArrayList<>();
        for (DeliveryEntity delivery : deliveries) {
            delivery.nudgeId = nudge.id;
            delivery.dueAt = deliverAt;
            events.add(CloudEvent.of(SOURCE, nudge.createdAt, new NudgeScheduled(nudge.id, nudge.clinicianId,
                    nudge.kind, delivery.channel, nudge.causeEventId, deliverAt)));
        }
        return nudge.persistAndFlush()
                .flatMap(v -> DeliveryEntity.persist(deliveries))
                .flatMap(v -> outbox.enqueueAll(events))
                .replaceWith(nudge);
    }

    private Uni<NudgeEntity> record(NudgeEntity nudge, NudgeStatus status, String reason) {
        nudge.status = status;
        nudge.reason = reason;
        return nudge.<NudgeEntity>persist();
    }

    private static NudgeEntity newNudge(NudgePolicy policy, String clinicianId, NudgeKind kind, String eventId,
            Instant now) {
        NudgeEntity nudge = new NudgeEntity();
        nudge.id = UUID.randomUUID().toString();
        nudge.clinicianId = clinicianId;
        nudge.kind = kind;
        nudge.causeEventId = eventId;
        nudge.createdAt = now;
        nudge.deliverAt = now;
        nudge.zone = policy.defaultZone().getId();
        return nudge;
    }

    private static DeliveryEntity delivery(NudgeChannel channel, String recipient) {
        DeliveryEntity delivery = new DeliveryEntity();
        delivery.channel = channel;
        delivery.recipient = recipient;
        delivery.status = DeliveryEntity.Status.PENDING;
        return delivery;
    }
}
