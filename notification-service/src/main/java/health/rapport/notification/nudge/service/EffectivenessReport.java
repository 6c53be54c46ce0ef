package health.rapport.notification.nudge.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.rapport.events.EngagementTier;
import health.rapport.events.NudgeKind;
import health.rapport.notification.nudge.repository.ClinicianStateEntity;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Each nudged clinician's engagement before and after their nudges, over the last {@code days}: "before" is the
 * figures of the tier change that decided their first low-engagement nudge of the period (kept on that nudge),
 * "after" the latest figures engagement-service sent since that nudge. It shows what changed after nudging, not
 * that the nudge caused it.
 */
@ApplicationScoped
public class EffectivenessReport {

    static final List<NudgeStatus> REACHED = List.of(NudgeStatus.DELIVERED, NudgeStatus.ACKNOWLEDGED, NudgeStatus.SNOOZED);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figures(EngagementTier tier, Double shareAnsweredWithinTarget, Double personalReplyShare,
            Long patientMessages, Integer windowDays, Instant evaluatedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String clinicianId, int nudgesDelivered, int acknowledged, int snoozed, int escalations,
            int overdueRepliesNudged, Instant firstNudgeAt, Figures before, Figures after,
            Double changeInShareWithinTarget, boolean recovered) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(int clinicians, int nudgesDelivered, int acknowledged, int withBeforeAndAfter, int recovered,
            Double meanChangeInShareWithinTarget) {
    }

    public record Report(Instant since, Instant until, Summary summary, List<Row> clinicians) {
    }

    private final Clock clock;

    public EffectivenessReport(Clock clock) {
        this.clock = clock;
    }

    public Uni<Report> lastDays(int days) {
        Instant until = clock.instant();
        Instant since = until.minus(Duration.ofDays(days));
        return Panache.withSession(() -> NudgeEntity.<NudgeEntity>list(
                        "createdAt >= ?1 and deliveredAt is not null and status in ?2 order by createdAt, id", since, REACHED)
                .flatMap(nudges -> {
                    List<String> ids = nudges.stream().map(n -> n.clinicianId).distinct().toList();
                    Uni<List<ClinicianStateEntity>> states = ids.isEmpty() ? Uni.createFrom().item(List.of())
                            : ClinicianStateEntity.list("clinicianId in ?1", ids);
                    return states.map(rows -> build(since, until, nudges, rows.stream()
                            .collect(Collectors.toMap(s -> s.clinicianId, Function.identity()))));
                }));
    }

    static Report build(Instant since, Instant until, List<NudgeEntity> nudges, Map<String, ClinicianStateEntity> states) {
        Map<String, List<NudgeEntity>> byClinician = new LinkedHashMap<>();
        nudges.forEach(n -> byClinician.computeIfAbsent(n.clinicianId, k -> new ArrayList<>()).add(n));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<NudgeEntity>> entry : byClinician.entrySet()) {
            List<NudgeEntity> own = entry.getValue().stream().filter(n -> n.kind != NudgeKind.ESCALATION).toList();
            if (own.isEmpty()) {
                continue;
            }
            NudgeEntity first = own.get(0);
            NudgeEntity firstLow = own.stream().filter(n -> n.kind == NudgeKind.LOW_ENGAGEMENT).findFirst().orElse(null);
            Figures before = firstLow == null ? null : new Figures(EngagementTier.LOW, firstLow.shareWithinTarget,
                    firstLow.personalShare, firstLow.patientMessages, firstLow.windowDays, null);
            ClinicianStateEntity state = states.get(entry.getKey());
            Instant reference = firstLow != null ? firstLow.createdAt : first.createdAt;
            Figures after = state == null || !state.evaluatedAt.isAfter(reference) ? null
                    : new Figures(state.tier, state.shareWithinTarget, state.personalShare, state.patientMessages,
                            state.windowDays, state.evaluatedAt);
            Double change = before != null && after != null && before.shareAnsweredWithinTarget() != null
                    && after.shareAnsweredWithinTarget() != null
                    ? round(after.shareAnsweredWithinTarget() - before.shareAnsweredWithinTarget()) : null;
            boolean recovered = before != null && after != null
                    && (after.tier() == EngagementTier.MEDIUM || after.tier() == EngagementTier.HIGH);
            rows.add(new Row(entry.getKey(), own.size(),
                    (int) own.stream().filter(n -> n.status == NudgeStatus.ACKNOWLEDGED).count(),
                    (int) own.stream().filter(n -> n.status == NudgeStatus.SNOOZED).count(),
                    entry.getValue().size() - own.size(),
                    own.stream().filter(n -> n.kind == NudgeKind.OVERDUE_REPLIES).mapToInt(n -> n.itemCount).sum(),
                    first.deliveredAt, before, after, change, recovered));
        }
        List<Double> changes = rows.stream().map(Row::changeInShareWithinTarget).filter(c -> c != null).toList();
        Summary summary = new Summary(rows.size(), rows.stream().mapToInt(Row::nudgesDelivered).sum(),
                rows.stream().mapToInt(Row::acknowledged).sum(), changes.size(),
                (int) rows.stream().filter(Row::recovered).count(),
                changes.isEmpty() ? null : round(changes.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return new Report(since, until, summary, rows);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
