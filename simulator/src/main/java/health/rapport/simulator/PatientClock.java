package health.rapport.simulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * When patients write: at any hour, mostly in the daytime and evening, less at weekends. A weekly profile of 168
 * hourly weights in clinic-local time, normalised to a mean of 1, turns a delay in "activity hours" into a
 * clock time: {@link #advance} walks forward until the weighted hours are used up. A Poisson process whose
 * exponential gaps are measured in activity time therefore has the same weekly mean rate as an unweighted one,
 * with the intensity shaped by the profile.
 */
public final class PatientClock {

    private static final int HOURS_PER_WEEK = 168;
    private static final long WEEK = 7L * 86_400;

    /** Relative activity by local hour on a weekday (0 to 23). */
    private static final double[] WEEKDAY = {
        0.10, 0.06, 0.05, 0.05, 0.06, 0.12, 0.35, 0.80, 1.40, 1.80, 1.85, 1.75,
        1.55, 1.55, 1.60, 1.55, 1.45, 1.30, 1.15, 1.10, 1.05, 0.85, 0.55, 0.25};
    private static final double WEEKEND_FACTOR = 0.55;

    private final ZoneId zone;
    private final ZoneRules rules;
    private final double[] weights = new double[HOURS_PER_WEEK];
    /** cumulative[h]: the activity of the hours before hour h of the week (cumulative[168] = 168). */
    private final double[] cumulative = new double[HOURS_PER_WEEK + 1];

    public PatientClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        double sum = 0;
        for (int h = 0; h < HOURS_PER_WEEK; h++) {
            int day = h / 24; // 0 = Monday
            double w = WEEKDAY[h % 24] * (day >= 5 ? WEEKEND_FACTOR : 1.0);
            weights[h] = w;
            sum += w;
        }
        double scale = HOURS_PER_WEEK / sum;
        for (int h = 0; h < HOURS_PER_WEEK; h++) {
            weights[h] *= scale;
            cumulative[h + 1] = cumulative[h] + weights[h];
        }
    }

    /** The relative activity (mean 1 over a week) at a local hour of the week, Monday 00:00 being hour 0. */
    public double weight(int hourOfWeek) {
        return weights[hourOfWeek];
    }

    /** The first instant after {@code epochSecond} at which {@code activityHours} of weighted time have passed. */
    public long advance(long epochSecond, double activityHours) {
        ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(epochSecond));
        long local = epochSecond + offset.getTotalSeconds();
        // Monday 00:00 (local) of the current week, and the activity already used up in this week.
        long weekStart = local - Math.floorMod(local + 3 * 86_400L, WEEK);
        long intoWeek = local - weekStart;
        int hour = (int) (intoWeek / 3600);
        double used = cumulative[hour] + weights[hour] * (intoWeek % 3600) / 3600.0;
        double target = used + Math.max(0, activityHours);
        long weeks = (long) (target / HOURS_PER_WEEK);
        double rest = target - weeks * (double) HOURS_PER_WEEK;
        // The hour of the week in which the cumulative activity reaches rest.
        int lo = 0;
        int hi = HOURS_PER_WEEK - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cumulative[mid] <= rest) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long seconds = (long) StrictMath.ceil((rest - cumulative[lo]) / weights[lo] * 3600.0);
        seconds = Math.max(0, Math.min(3600, seconds));
        long wallLocal = weekStart + weeks * WEEK + lo * 3600L + seconds;
        LocalDateTime wall = LocalDateTime.ofEpochSecond(wallLocal, 0, ZoneOffset.UTC);
        // Back to an instant; a wall time in a daylight-saving gap moves forward, one in an overlap takes the
        // earlier offset, and the result never goes back in time.
        long result = wall.atZone(zone).toEpochSecond();
        return Math.max(result, epochSecond + 1);
    }

    /** Monday 00:00 local is hour 0; the epoch day 0 (1970-01-01) was a Thursday. */
    static int hourOfWeek(long localEpochSecond) {
        long day = Math.floorDiv(localEpochSecond, 86_400L);
        int dayOfWeek = (int) Math.floorMod(day + 3, 7L);
        int hour = (int) (Math.floorMod(localEpochSecond, 86_400L) / 3600);
        return dayOfWeek * 24 + hour;
    }
}
