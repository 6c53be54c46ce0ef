package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkCalendarTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final WorkCalendar CALENDAR = WorkCalendar.standard(NEW_YORK);

    static long at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NEW_YORK).toEpochSecond();
    }

    static String local(long epochSecond) {
        return ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), NEW_YORK).toLocalDateTime()
                .toString();
    }

    @ParameterizedTest(name = "{0} + {1} s of working time = {2}")
    @CsvSource({
            "2025-01-06T10:00, 3600,    2025-01-06T11:00", // Monday morning
            "2025-01-06T17:30, 3600,    2025-01-07T08:30", // over the evening
            "2025-01-10T17:00, 7200,    2025-01-13T09:00", // over the weekend
            "2025-01-11T12:00, 0,       2025-01-13T08:00", // Saturday: the next opening
            "2025-01-12T23:00, 1800,    2025-01-13T08:30", // Sunday night
            "2025-01-06T07:00, 36000,   2025-01-06T18:00", // a full day ends at the closing
            "2025-01-06T08:00, 540000,  2025-01-24T18:00", // 15 working days: three weeks
            "2025-01-06T08:00, 540001,  2025-01-27T08:00:01",
            "2025-03-07T17:00, 7200,    2025-03-10T09:00", // over the change to daylight-saving time
    })
    void addsWorkingTime(String from, long seconds, String expected) {
        long result = CALENDAR.addWorkingSeconds(at(from), seconds);
        assertThat(local(result)).isEqualTo(expected);
        assertThat(CALENDAR.workingSecondsBetween(at(from), result)).isEqualTo(seconds);
    }

    @Test
    void holidaysAreNotWorkingDays() {
        WorkCalendar withHoliday = new WorkCalendar(NEW_YORK, LocalTime.of(8, 0), LocalTime.of(18, 0),
                List.of(LocalDate.of(2025, 1, 20)));
        assertThat(local(withHoliday.addWorkingSeconds(at("2025-01-17T17:00"), 7200))).isEqualTo("2025-01-21T09:00");
        assertThat(local(withHoliday.dueAfterBusinessDays(at("2025-01-17T15:00"), 3))).isEqualTo("2025-01-23T15:00");
        assertThat(withHoliday.isWorkingDay(LocalDate.of(2025, 1, 20))).isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2025, 1, 20))).isTrue();
    }

    @ParameterizedTest(name = "sent {0}, due {1}")
    @CsvSource({
            "2025-01-06T15:00, 2025-01-09T15:00", // Monday: Thursday, same time
            "2025-01-10T15:00, 2025-01-15T15:00", // Friday: Wednesday
            "2025-01-11T10:00, 2025-01-16T00:00", // Saturday: counted from Monday 00:00
            "2025-01-08T23:59:59, 2025-01-13T23:59:59",
    })
    void dueAfterThreeBusinessDays(String sent, String due) {
        assertThat(local(CALENDAR.dueAfterBusinessDays(at(sent), 3))).isEqualTo(due);
    }

    @Test
    void threeBusinessDaysAreThirtyWorkingHoursFromAnyTime() {
        Rng rng = new Rng(5);
        long start = at("2025-01-06T00:00");
        for (int i = 0; i < 2000; i++) {
            long sent = start + rng.nextInt(200 * 86_400);
            long due = CALENDAR.dueAfterBusinessDays(sent, 3);
            assertThat(CALENDAR.workingSecondsBetween(sent, due)).as(local(sent)).isEqualTo(3 * 36_000);
        }
    }

    @Test
    void workingTimeRoundTrips() {
        Rng rng = new Rng(6);
        long start = at("2025-01-01T00:00");
        for (int i = 0; i < 3000; i++) {
            long from = start + rng.nextInt(400 * 86_400);
            long seconds = (long) rng.nextLogNormal(18_000, 1.5);
            long to = CALENDAR.addWorkingSeconds(from, seconds);
            assertThat(to).isGreaterThanOrEqualTo(from);
            assertThat(CALENDAR.isWorkingTime(to) || local(to).endsWith("T18:00")).as(local(to)).isTrue();
            assertThat(CALENDAR.workingSecondsBetween(from, to)).as(local(from) + " + " + seconds).isEqualTo(seconds);
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> CALENDAR.addWorkingSeconds(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkCalendar(NEW_YORK, LocalTime.of(18, 0), LocalTime.of(8, 0), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
