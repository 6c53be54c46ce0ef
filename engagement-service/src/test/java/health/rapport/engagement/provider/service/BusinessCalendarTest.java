package health.rapport.engagement.provider.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final BusinessCalendar calendar = new BusinessCalendar(NEW_YORK, List.of(LocalDate.of(2026, 12, 25)));

    @Test
    void dueThreeBusinessDaysLaterAtTheSameLocalTime() {
        // Monday 2026-11-30 15:00 -> Thursday 15:00; Friday 15:00 -> Wednesday 15:00.
        assertThat(calendar.dueAfter(at(2026, 11, 30, 15), 3)).isEqualTo(at(2026, 12, 3, 15));
        assertThat(calendar.dueAfter(at(2026, 12, 4, 15), 3)).isEqualTo(at(2026, 12, 9, 15));
    }

    @Test
    void aWeekendOrHolidayMessageStartsTheClockAtTheNextBusinessDay() {
        // Saturday -> Monday 00:00 + 3 business days = Thursday 00:00.
        assertThat(calendar.dueAfter(at(2026, 12, 5, 11), 3)).isEqualTo(at(2026, 12, 10, 0));
        // Thursday 2026-12-24 10:00, Christmas Friday off: Monday 28, Tuesday 29, Wednesday 30.
        assertThat(calendar.dueAfter(at(2026, 12, 24, 10), 3)).isEqualTo(at(2026, 12, 30, 10));
        assertThat(calendar.isBusinessDay(LocalDate.of(2026, 12, 25))).isFalse();
        assertThat(calendar.isBusinessDay(LocalDate.of(2026, 12, 28))).isTrue();
    }

    @Test
    void daysAreTheClinicsLocalDays() {
        // 02:00 UTC on 1 December is still 30 November in New York.
        assertThat(calendar.day(Instant.parse("2026-12-01T02:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    private static Instant at(int year, int month, int day, int hour) {
        return LocalDateTime.of(year, month, day, hour, 0).atZone(NEW_YORK).toInstant();
    }
}
