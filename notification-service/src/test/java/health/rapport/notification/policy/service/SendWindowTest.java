package health.rapport.notification.policy.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Quiet hours and working days in the recipient's own zone, across daylight-saving changes. */
class SendWindowTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final SendWindow WEEKDAYS_8_TO_18 = new SendWindow(LocalTime.of(18, 0), LocalTime.of(8, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

    @Test
    void insideTheWindowIsNow() {
        Instant wednesdayMorningInNewYork = Instant.parse("2026-12-02T15:00:00Z"); // 10:00 EST
        assertThat(WEEKDAYS_8_TO_18.next(wednesdayMorningInNewYork, NEW_YORK)).isEqualTo(wednesdayMorningInNewYork);
    }

    @Test
    void theSameInstantIsNightInTokyoAndWaitsForEightThere() {
        Instant instant = Instant.parse("2026-12-02T15:00:00Z"); // Thursday 00:00 in Tokyo
        assertThat(WEEKDAYS_8_TO_18.allows(instant, TOKYO)).isFalse();
        assertThat(WEEKDAYS_8_TO_18.next(instant, TOKYO)).isEqualTo(Instant.parse("2026-12-02T23:00:00Z"));
    }

    @Test
    void fridayEveningWaitsForMondayAcrossTheAutumnChange() {
        // US clocks fall back on Sunday 1 November 2026: Friday 18:30 EDT, Monday 08:00 is EST (UTC-5).
        Instant friday = Instant.parse("2026-10-30T22:30:00Z");
        assertThat(WEEKDAYS_8_TO_18.next(friday, NEW_YORK)).isEqualTo(Instant.parse("2026-11-02T13:00:00Z"));
    }

    @Test
    void fridayEveningWaitsForMondayAcrossTheSpringChange() {
        // US clocks spring forward on Sunday 8 March 2026: Friday 19:00 EST, Monday 08:00 is EDT (UTC-4).
        Instant friday = Instant.parse("2026-03-07T00:00:00Z");
        assertThat(WEEKDAYS_8_TO_18.next(friday, NEW_YORK)).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
        // Europe changes three weeks later: London still on GMT that Monday.
        assertThat(WEEKDAYS_8_TO_18.next(Instant.parse("2026-03-06T19:00:00Z"), LONDON))
                .isEqualTo(Instant.parse("2026-03-09T08:00:00Z"));
    }

    @Test
    void quietHoursEndingInTheSkippedHourMoveWithTheChange() {
        // Quiet until 02:30 every day; 8 March 2026 in New York has no 02:30 (02:00 → 03:00): 03:30 EDT is the start.
        SendWindow nights = new SendWindow(LocalTime.of(22, 0), LocalTime.of(2, 30), EnumSet.allOf(DayOfWeek.class));
        Instant saturdayNight = Instant.parse("2026-03-08T04:00:00Z"); // 23:00 EST on the 7th
        assertThat(nights.next(saturdayNight, NEW_YORK)).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
        assertThat(Instant.parse("2026-03-08T07:30:00Z").atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
    }

    @Test
    void quietHoursWithinTheDayAndWeekends() {
        SendWindow lunch = new SendWindow(LocalTime.of(12, 0), LocalTime.of(13, 0), EnumSet.of(DayOfWeek.MONDAY));
        Instant mondayNoonInLondon = Instant.parse("2026-12-07T12:15:00Z");
        assertThat(lunch.next(mondayNoonInLondon, LONDON)).isEqualTo(Instant.parse("2026-12-07T13:00:00Z"));
        Instant mondayEvening = Instant.parse("2026-12-07T23:59:00Z");
        assertThat(lunch.allows(mondayEvening, LONDON)).isTrue();
        Instant tuesday = Instant.parse("2026-12-08T09:00:00Z");
        assertThat(lunch.next(tuesday, LONDON)).isEqualTo(Instant.parse("2026-12-14T00:00:00Z"));
    }

    @Test
    void noQuietHoursWhenStartEqualsEnd() {
        SendWindow always = new SendWindow(LocalTime.NOON, LocalTime.NOON, EnumSet.allOf(DayOfWeek.class));
        Instant any = Instant.parse("2026-12-06T03:00:00Z");
        assertThat(always.next(any, TOKYO)).isEqualTo(any);
    }

    @Test
    void backOffDoublesUpToAnHour() {
        NudgePolicy policy = NudgePolicy.defaults();
        NudgePolicy fast = new NudgePolicy(policy.cooldownHours(), 3, policy.quietStart(), policy.quietEnd(),
                policy.workingDays(), policy.defaultZone(), 3, null, 5, 2, 0.8, 0.5);
        assertThat(fast.retryDelaySeconds(1)).isEqualTo(2);
        assertThat(fast.retryDelaySeconds(2)).isEqualTo(4);
        assertThat(fast.retryDelaySeconds(3)).isEqualTo(8);
        assertThat(fast.retryDelaySeconds(30)).isEqualTo(NudgePolicy.MAX_RETRY_SECONDS);
    }
}
