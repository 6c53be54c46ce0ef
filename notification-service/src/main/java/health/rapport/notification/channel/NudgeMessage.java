package health.rapport.notification.channel;

import health.rapport.events.NudgeKind;
import java.time.Instant;

/**
 * What a nudge says, for every channel: ids, counts, ages, shares and a portal link. Nothing here can name a patient
 * or carry message text, because the service never receives either.
 *
 * @param itemCount         overdue replies in a digest; ignored nudges in an escalation
 * @param oldestWaitingDays whole days the oldest overdue message has waited (digests)
 */
@io.quarkus.qute.TemplateData
public record NudgeMessage(
        String nudgeId,
        String clinicianId,
        NudgeKind kind,
        int itemCount,
        Long oldestWaitingDays,
        Integer windowDays,
        Integer shareWithinTargetPercent,
        Integer personalSharePercent,
        Long patientMessages,
        int targetWithinPercent,
        int targetPersonalPercent,
        String portalUrl,
        Instant createdAt) {

    public String subject() {
        return switch (kind) {
            case OVERDUE_REPLIES -> itemCount == 1 ? "1 patient message is waiting for your reply"
                    : itemCount + " patient messages are waiting for your reply";
            case LOW_ENGAGEMENT -> "Your patient messaging over the last " + windowDays + " days";
            case RECOVERY_THANKS -> "Thank you: your patients are hearing from you";
            case ESCALATION -> "Clinician " + clinicianId + " has not acted on " + itemCount + " reminders";
        };
    }
}
