package health.rapport.notification.policy.service;

import health.rapport.events.NudgeKind;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every nudge decision and delivery follows; stored in table {@code nudge_policy}, read and replaced by
 * ops through {@code GET}/{@code PUT /api/v1/nudge-policy}.
 *
 * @param cooldownHours         per kind: the least time between two nudges of that kind to one clinician; a new one
 *                              is deferred to the end of the cooldown (overdue replies join the waiting digest)
 * @param weeklyCap             nudges (escalations not counted) one clinician gets in any 7 days; more are deferred
 * @param quietStart            start of the quiet hours in the recipient's own time zone
 * @param quietEnd              end of the quiet hours (may be earlier than the start: the quiet hours span midnight)
 * @param workingDays           days on which nudges go out, in the recipient's time zone
 * @param defaultZone           time zone of a clinician whose directory entry names none
 * @param escalateAfterIgnored  delivered, unacknowledged nudges (since the last escalation) after which the next
 *                              decision also escalates to the supervisor (or ops); 0 turns escalation off
 * @param opsEmail              where escalations go for a clinician without a supervisor; may be null
 * @param maxAttempts           delivery attempts per channel before the delivery fails for good
 * @param retryBaseSeconds      back-off after the first failed attempt; doubled after each further one (1 h at most)
 * @param targetWithinShare     the engagement target quoted in low-engagement summaries (share within target)
 * @param targetPersonalShare   the personal-reply target quoted in low-engagement summaries
 */
public record NudgePolicy(
        Map<NudgeKind, Integer> cooldownHours,
        int weeklyCap,
        LocalTime quietStart,
        LocalTime quietEnd,
        Set<DayOfWeek> workingDays,
        ZoneId defaultZone,
        int escalateAfterIgnored,
        String opsEmail,
        int maxAttempts,
        int retryBaseSeconds,
        double targetWithinShare,
        double targetPersonalShare) {

    public static final int MAX_RETRY_SECONDS = 3600;

    public NudgePolicy {
        cooldownHours = Map.copyOf(cooldownHours);
        workingDays = Set.copyOf(workingDays);
    }

    /** The policy a fresh database starts with. */
    public static NudgePolicy defaults() {
        Map<NudgeKind, Integer> cooldown = new EnumMap<>(NudgeKind.class);
        cooldown.put(NudgeKind.OVERDUE_REPLIES, 24);
        cooldown.put(NudgeKind.LOW_ENGAGEMENT, 7 * 24);
        cooldown.put(NudgeKind.RECOVERY_THANKS, 14 * 24);
        cooldown.put(NudgeKind.ESCALATION, 7 * 24);
        return new NudgePolicy(cooldown, 3, LocalTime.of(18, 0), LocalTime.of(8, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), ZoneId.of("America/New_York"), 3, null, 5, 60,
                0.80, 0.50);
    }

    public int cooldownHours(NudgeKind kind) {
        return cooldownHours.getOrDefault(kind, 0);
    }

    /** The wait after {@code attempts} failed attempts: base, 2 × base, 4 × base, ... at most an hour. */
    public long retryDelaySeconds(int attempts) {
        long delay = retryBaseSeconds;
        for (int i = 1; i < attempts && delay < MAX_RETRY_SECONDS; i++) {
            delay *= 2;
        }
        return Math.min(delay, MAX_RETRY_SECONDS);
    }

    /** Working days in week order, for JSON. */
    public List<DayOfWeek> workingDaysInOrder() {
        return workingDays.stream().sorted().toList();
    }
}
