package health.rapport.engagement.tier.service;

import health.rapport.engagement.tier.repository.ClinicianEntity;
import health.rapport.events.EngagementTier;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The clinicians with their latest evaluation, filtered by tier and sorted, a page at a time. */
@ApplicationScoped
public class ProviderDirectory {

    /** Sort keys of the API and the columns behind them. */
    public static final Map<String, String> SORTS = Map.of(
            "providerId", "clinicianId",
            "tier", "tier",
            "shareAnsweredWithinTarget", "shareWithinTarget",
            "personalReplyShare", "personalShare",
            "patientMessages", "patientMessages",
            "evaluatedAt", "evaluatedAt");

    public record ProviderRow(String providerId, EngagementTier tier, Instant tierSince, Instant evaluatedAt,
            Double shareAnsweredWithinTarget, Double personalReplyShare, long patientMessages, long judged) {
    }

    public record ProviderPage(List<ProviderRow> items, boolean more) {
    }

    /**
     * @param sort a key of {@link #SORTS}, with a leading {@code -} for descending; nulls (not evaluated yet) last
     */
    public Uni<ProviderPage> page(EngagementTier tier, String sort, int offset, int limit) {
        boolean descending = sort.startsWith("-");
        String column = SORTS.get(descending ? sort.substring(1) : sort);
        Sort order = Sort.by(column, descending ? Sort.Direction.Descending : Sort.Direction.Ascending,
                Sort.NullPrecedence.NULLS_LAST).and("clinicianId");
        return Panache.withSession(() -> (tier == null ? ClinicianEntity.<ClinicianEntity>findAll(order)
                        : ClinicianEntity.<ClinicianEntity>find("tier", order, tier))
                .range(offset, offset + limit).list())
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<ProviderRow> items = rows.stream().limit(limit).map(r -> new ProviderRow(r.clinicianId,
                            r.tier, r.tierSince, r.evaluatedAt, r.shareWithinTarget, r.personalShare,
                            r.patientMessages, r.judged)).toList();
                    return new ProviderPage(items, more);
                });
    }
}
