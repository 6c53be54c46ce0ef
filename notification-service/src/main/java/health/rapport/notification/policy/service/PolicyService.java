package health.rapport.notification.policy.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.notification.policy.repository.NudgePolicyEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The stored nudge policy. It is read from the database in each decision's and delivery's transaction (one row by
 * primary key), so a {@code PUT} takes effect at once on every replica and survives restarts. Until ops store one,
 * {@link NudgePolicy#defaults()} applies.
 */
@ApplicationScoped
public class PolicyService {

    private static final Logger LOG = Logger.getLogger(PolicyService.class);

    private final ObjectMapper json;
    private final Clock clock;

    public PolicyService(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** The policy now; call inside a session or transaction. */
    public Uni<NudgePolicy> current() {
        return document().map(PolicyDocument::toPolicy);
    }

    public Uni<PolicyDocument> document() {
        return NudgePolicyEntity.<NudgePolicyEntity>findById(NudgePolicyEntity.ID).map(row -> {
            if (row == null) {
                return PolicyDocument.of(NudgePolicy.defaults(), null, "default");
            }
            try {
                PolicyDocument stored = json.readValue(row.document, PolicyDocument.class);
                return new PolicyDocument(stored.cooldownHours(), stored.weeklyCap(), stored.quietStart(),
                        stored.quietEnd(), stored.workingDays(), stored.defaultZone(), stored.escalateAfterIgnored(),
                        stored.opsEmail(), stored.maxAttempts(), stored.retryBaseSeconds(), stored.targetWithinShare(),
                        stored.targetPersonalShare(), row.updatedAt, row.updatedBy);
            } catch (JsonProcessingException e) {
                LOG.errorf("stored nudge policy cannot be read (%s); using the defaults", e.getOriginalMessage());
                return PolicyDocument.of(NudgePolicy.defaults(), null, "default");
            }
        });
    }

    /** Validates (400 naming each bad field) and stores the policy; call inside a transaction. */
    public Uni<PolicyDocument> replace(PolicyDocument body, String by) {
        NudgePolicy policy = body.toPolicy();
        PolicyDocument normalised = PolicyDocument.of(policy, clock.instant(), by);
        String text;
        try {
            text = json.writeValueAsString(PolicyDocument.of(policy, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return NudgePolicyEntity.<NudgePolicyEntity>findById(NudgePolicyEntity.ID).flatMap(row -> {
            NudgePolicyEntity target = row != null ? row : new NudgePolicyEntity();
            target.id = NudgePolicyEntity.ID;
            target.document = text;
            target.updatedAt = normalised.updatedAt();
            target.updatedBy = by;
            return (row != null ? Uni.createFrom().item(target) : target.<NudgePolicyEntity>persist())
                    .replaceWith(normalised);
        });
    }
}
