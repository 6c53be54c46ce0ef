package health.rapport.notification.policy.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * When a nudge may reach its recipient: on a working day, outside the quiet hours, both in the recipient's own time
 * zone. Pure, so it is tested on its own across time zones and daylight-saving changes. Local times that a DST change
 * skips move forward with the change (02:30 on a spring-forward night is 03:30).
 */
public final class SendWindow {

    private static final int SEARCH_DAYS = 15;

    private final LocalTime quietStart;
    private final LocalTime quietEnd;
    private final Set<DayOfWeek> workingDays;

    public SendWindow(LocalTime quietStart, LocalTime quietEnd, Set<DayOfWeek> workingDays) {
        this.quietStart = quietStart;
        this.quietEnd = quietEnd;
        this.workingDays = Set.copyOf(workingDays);
    }

    public static SendWindow of(NudgePolicy policy) {
        return new SendWindow(policy.quietStart(), policy.quietEnd(), policy.workingDays());
    }

    public boolean allows(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return workingDays.contains(local.getDayOfWeek()) && !quiet(local.toLocalTime());
    }

    /** The first instant at or after {@code earliest} that the window allows ({@code earliest} itself if allowed). */
    public Instant next(Instant earliest, ZoneId zone) {
        if (allows(earliest, zone)) {
            return earliest;
        }
        LocalDate day = earliest.atZone(zone).toLocalDate();
        for (int offset = 0; offset < SEARCH_DAYS; offset++) {
            LocalDate date = day.plusDays(offset);
            if (!workingDays.contains(date.getDayOfWeek())) {
                continue;
            }
            // Allowed stretches of a day start at midnight or at the end of the quiet hours.
            for (LocalTime start : new LocalTime[] {LocalTime.MIDNIGHT, quietEnd}) {
                Instant candidate = ZonedDateTime.of(date, start, zone).toInstant();
                if (!candidate.isBefore(earliest) && allows(candidate, zone)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("the policy allows no time to send (no working days?)");
    }

    boolean quiet(LocalTime time) {
        if (quietStart.equals(quietEnd)) {
            return false;
        }
        return quietStart.isBefore(quietEnd)
                ? !time.isBefore(quietStart) && time.isBefore(quietEnd)
                : !time.isBefore(quietStart) || time.isBefore(quietEnd);
    }
}
