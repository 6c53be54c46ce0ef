package health.rapport.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A thread was closed; it takes no more messages.
 *
 * @param closeReason {@code participant} or {@code idle} (closed itself after the configured idle time); absent:
 *               participant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThreadClosed(
        String threadId,
        String patientId,
        String clinicianId,
        String closedBy,
        ParticipantRole closedByRole,
        Instant closedAt,
        String closeReason) implements EventPayload {

    public static final String BY_PARTICIPANT = "participant";
    public static final String IDLE = "idle";

    @Override
    public String subject() {
        return clinicianId;
    }
}
