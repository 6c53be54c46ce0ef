package health.rapport.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clinic's calendar in its own time zone: working days (Monday to Friday, minus optional holidays), working
 * hours (by default 08:00 to 18:00) and business days for reply targets. Times are epoch seconds.
 *
 * <p>Two notions of time, both used by the model and the truth:
 * <ul>
 * <li><b>working time</b>: only the seconds inside working hours on working days count. Clinicians' reply delays
 * are drawn in working time ({@link #addWorkingSeconds}, {@link #workingSecondsBetween}).</li>
 * <li><b>business days</b>: whole working days; a message is due {@code n} business days after it was sent, at
 * the same local clock time ({@link #dueAfterBusinessDays}): sent Monday 15:00, due Thursday 15:00; sent Friday
 * 15:00, due Wednesday 15:00; sent on a Saturday, due Thursday 00:00 (the clock starts on Monday 00:00).</li>
 * </ul>
 */
public final class WorkCalendar {

    private final ZoneId zone;
    private final ZoneRules rules;
    private final int dayStart;
    private final int dayEnd;
    private final Set<LocalDate> holidays;

    /**
     * @param workdayStart start of working hours, local time
     * @param workdayEnd   end of working hours, local time (after the start, same day)
     * @param holidays     dates that are not working days although on Monday to Friday
     */
    public WorkCalendar(ZoneId zone, LocalTime workdayStart, LocalTime workdayEnd, Collection<LocalDate> holidays) {
        if (!workdayEnd.isAfter(workdayStart)) {
            throw new IllegalArgumentException("working hours must end after they start");
        }
        this.zone = zone;
        this.rules = zone.getRules();
        this.dayStart = workdayStart.toSecondOfDay();
        this.dayEnd = workdayEnd.toSecondOfDay();
        this.holidays = Set.copyOf(new TreeSet<>(holidays));
    }

    public static WorkCalendar standard(ZoneId zone) {
        return new WorkCalendar(zone, LocalTime.of(8, 0), LocalTime.of(18, 0), Set.of());
    }

    public ZoneId zone() {
        return zone;
    }

    /** Working seconds in one working day (36,000 for 08:00 to 18:00). */
    public long workdaySeconds() {
        return dayEnd - dayStart;
    }

    public boolean isWorkingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.contains(date);
    }

    public LocalDate nextWorkingDay(LocalDate date) {
        LocalDate next = date.plusDays(1);
        while (!isWorkingDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    public boolean isWorkingTime(long epochSecond) {
        LocalDateTime local = local(epochSecond);
        int second = local.toLocalTime().toSecondOfDay();
        return isWorkingDay(local.toLocalDate()) && second >= dayStart && second < dayEnd;
    }

    /** The instant itself when inside working hours, else the next opening. */
    public long nextWorkingInstant(long epochSecond) {
        return addWorkingSeconds(epochSecond, 0);
    }

    /**
     * The instant {@code seconds} of working time after {@code epochSecond}; from outside working hours the count
     * starts at the next opening. With 0 it is the next opening (or the instant itself inside working hours).
     */
    public long addWorkingSeconds(long epochSecond, long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative working time");
        }
        LocalDateTime local = local(epochSecond);
        LocalDate date = local.toLocalDate();
        long second = local.toLocalTime().toSecondOfDay();
        if (!isWorkingDay(date) || second >= dayEnd) {
            date = nextWorkingDay(date);
            second = dayStart;
        } else if (second < dayStart) {
            second = dayStart;
        }
        long remaining = seconds;
        long dayLength = workdaySeconds();
        long weekLength = 5 * dayLength;
        while (true) {
            long available = dayEnd - second;
            if (remaining <= available) {
                return Math.max(epochSecond, epoch(date, second + remaining));
            }
            remaining -= available;
            date = nextWorkingDay(date);
            second = dayStart;
            if (holidays.isEmpty() && remaining > weekLength) {
                // From the opening of a working day, seven calendar days hold exactly five working days.
                long weeks = (remaining - 1) / weekLength;
                date = date.plusWeeks(weeks);
                remaining -= weeks * weekLength;
            }
        }
    }

    /** Working seconds in [from, to); 0 when {@code to} is not after {@code from}. */
    public long workingSecondsBetween(long from, long to) {
        if (to <= from) {
            return 0;
        }
        LocalDateTime a = local(from);
        LocalDateTime b = local(to);
        LocalDate date = a.toLocalDate();
        LocalDate last = b.toLocalDate();
        long total = 0;
        while (!date.isAfter(last)) {
            if (isWorkingDay(date)) {
                long lo = dayStart;
                long hi = dayEnd;
                if (date.equals(a.toLocalDate())) {
                    lo = Math.max(lo, a.toLocalTime().toSecondOfDay());
                }
                if (date.equals(last)) {
                    hi = Math.min(hi, b.toLocalTime().toSecondOfDay());
                }
                if (hi > lo) {
                    total += hi - lo;
                }
            }
            date = date.plusDays(1);
        }
        return total;
    }

    /**
     * When a message sent at {@code epochSecond} is due: {@code days} business days later at the same local clock
     * time; a message sent on a non-working day is counted from the next working day's 00:00.
     */
    public long dueAfterBusinessDays(long epochSecond, int days) {
        LocalDateTime local = local(epochSecond);
        LocalDate date = local.toLocalDate();
        long second = local.toLocalTime().toSecondOfDay();
        if (!isWorkingDay(date)) {
            date = nextWorkingDay(date);
            second = 0;
        }
        for (int i = 0; i < days; i++) {
            date = nextWorkingDay(date);
        }
        return Math.max(epochSecond, epoch(date, second));
    }

    public LocalDateTime local(long epochSecond) {
        ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(epochSecond));
        return LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
    }

    /** The instant of a local date and second of day (a time in a daylight-saving gap moves forward). */
    public long epoch(LocalDate date, long secondOfDay) {
        return date.atStartOfDay().plusSeconds(secondOfDay).atZone(zone).toEpochSecond();
    }
}
