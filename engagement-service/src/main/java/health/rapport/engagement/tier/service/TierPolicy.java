package health.rapport.engagement.tier.service;

import health.rapport.engagement.provider.service.EngagementService;
import health.rapport.events.EngagementTier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who falls below the minimum level, over {@code windowDays} (default 30):
 * <ul>
 * <li>UNRATED while fewer than {@code minJudged} patient messages (default 10) can be judged (answered, or
 * unanswered past the target): too little volume to say anything fair;</li>
 * <li>LOW when the share answered within target is under {@code lowWithinTarget} (80%) or the personal-reply
 * share is under {@code lowPersonal} (50%);</li>
 * <li>HIGH when the share within target is at least {@code highWithinTarget} (95%) and personal replies at least
 * {@code highPersonal} (80%);</li>
 * <li>MEDIUM otherwise.</li>
 * </ul>
 * With no responses at all there is no personal share; the within-target share alone decides.
 */
@ApplicationScoped
public class TierPolicy {

    public record Decision(EngagementTier tier, List<String> reasons) {
    }

    private final int windowDays;
    private final long minJudged;
    private final double lowWithinTarget;
    private final double lowPersonal;
    private final double highWithinTarget;
    private final double highPersonal;

    public TierPolicy(@ConfigProperty(name = "rapport.engagement.tier.window-days", defaultValue = "30") int windowDays,
            @ConfigProperty(name = "rapport.engagement.tier.min-judged", defaultValue = "10") long minJudged,
            @ConfigProperty(name = "rapport.engagement.tier.low.within-target", defaultValue = "0.80") double lowWithinTarget,
            @ConfigProperty(name = "rapport.engagement.tier.low.personal", defaultValue = "0.50") double lowPersonal,
            @ConfigProperty(name = "rapport.engagement.tier.high.within-target", defaultValue = "0.95") double highWithinTarget,
            @ConfigProperty(name = "rapport.engagement.tier.high.personal", defaultValue = "0.80") double highPersonal) {
        this.windowDays = windowDays;
        this.minJudged = minJudged;
        this.lowWithinTarget = lowWithinTarget;
        this.lowPersonal = lowPersonal;
        this.highWithinTarget = highWithinTarget;
        this.highPersonal = highPersonal;
    }

    public int windowDays() {
        return windowDays;
    }

    public Decision decide(EngagementService.Summary summary) {
        long judged = summary.replies().judged();
        if (judged < minJudged) {
            return new Decision(EngagementTier.UNRATED, List.of("fewer-than-" + minJudged + "-patient-messages-to-judge"));
        }
        double within = summary.replies().shareWithinTarget() == null ? 0 : summary.replies().shareWithinTarget();
        Double personal = summary.personalReplies().share();
        List<String> low = new ArrayList<>();
        if (within < lowWithinTarget) {
            low.add("answered-within-target-below-" + percent(lowWithinTarget));
        }
        if (personal != null && personal < lowPersonal) {
            low.add("personal-replies-below-" + percent(lowPersonal));
        }
        if (!low.isEmpty()) {
            return new Decision(EngagementTier.LOW, low);
        }
        if (within >= highWithinTarget && (personal == null || personal >= highPersonal)) {
            return new Decision(EngagementTier.HIGH, List.of("answered-within-target-at-least-" + percent(highWithinTarget),
                    "personal-replies-at-least-" + percent(highPersonal)));
        }
        return new Decision(EngagementTier.MEDIUM, List.of("between-the-low-and-high-levels"));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
