package health.rapport.engagement.provider.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;

/**
 * The clinic's business days in its own time zone: Monday to Friday minus configured holidays. A patient message
 * is due {@code n} business days after it was sent, at the same local clock time: sent Monday 15:00, due Thursday
 * 15:00 for 3 days; sent Friday 15:00, due Wednesday 15:00; sent on a Saturday or a holiday, the clock starts at
 * 00:00 of the next business day (due Thursday 00:00 for a Saturday message).
 */
public final class BusinessCalendar {

    private final ZoneId zone;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(ZoneId zone, Collection<LocalDate> holidays) {
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalDate day(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    public boolean isBusinessDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.contains(date);
    }

    /** When a message sent at {@code sent} is due, {@code days} business days later. */
    public Instant dueAfter(Instant sent, int days) {
        LocalDateTime local = LocalDateTime.ofInstant(sent, zone);
        LocalDate date = local.toLocalDate();
        long secondOfDay = local.toLocalTime().toSecondOfDay();
        if (!isBusinessDay(date)) {
            date = nextBusinessDay(date);
            secondOfDay = 0;
        }
        for (int i = 0; i < days; i++) {
            date = nextBusinessDay(date);
        }
        Instant due = date.atStartOfDay().plusSeconds(secondOfDay).atZone(zone).toInstant();
        return due.isBefore(sent) ? sent : due;
    }

    private LocalDate nextBusinessDay(LocalDate date) {
        LocalDate next = date.plusDays(1);
        while (!isBusinessDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }
}
