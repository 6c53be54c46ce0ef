package health.rapport.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A clinician moved to another engagement tier.
 *
 * @param reasons plain-language reasons for the new tier, such as {@code answered-within-target-below-80%}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngagementTierChanged(
        String clinicianId,
        EngagementTier previousTier,
        EngagementTier tier,
        int windowDays,
        Double shareAnsweredWithinTarget,
        Double personalReplyShare,
        long patientMessages,
        List<String> reasons,
        Instant evaluatedAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
