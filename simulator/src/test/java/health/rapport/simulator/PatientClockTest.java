package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class PatientClockTest {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    final PatientClock clock = new PatientClock(ZONE);

    @Test
    void theWeeklyProfileHasMeanOne() {
        double sum = 0;
        for (int h = 0; h < 168; h++) {
            assertThat(clock.weight(h)).isPositive();
            sum += clock.weight(h);
        }
        assertThat(sum / 168).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aWeekOfActivityIsAWeek() {
        long monday = LocalDateTime.parse("2025-01-06T10:17:05").atZone(ZONE).toEpochSecond();
        assertThat(clock.advance(monday, 168) - monday).isBetween(7 * 86_400L, 7 * 86_400L + 1);
        assertThat(clock.advance(monday, 3 * 168) - monday).isBetween(21 * 86_400L, 21 * 86_400L + 1);
    }

    @Test
    void patientsWriteAtAnyHourButMostlyInTheDaytime() {
        Rng rng = new Rng(3);
        long t = LocalDateTime.parse("2025-01-06T00:00").atZone(ZONE).toEpochSecond();
        int[] byHour = new int[24];
        int weekend = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            long next = clock.advance(t, rng.nextExponential() * 2);
            assertThat(next).isGreaterThan(t);
            t = next;
            ZonedDateTime local = ZonedDateTime.ofInstant(Instant.ofEpochSecond(t), ZONE);
            byHour[local.getHour()]++;
            if (local.getDayOfWeek().getValue() >= 6) {
                weekend++;
            }
        }
        int day = 0;
        for (int h = 8; h < 22; h++) {
            day += byHour[h];
        }
        for (int h = 0; h < 24; h++) {
            assertThat(byHour[h]).as("hour %d", h).isPositive();
        }
        assertThat(day / (double) n).isGreaterThan(0.8);
        assertThat(byHour[10]).isGreaterThan(10 * byHour[3]);
        assertThat(weekend / (double) n).isBetween(0.12, 0.24); // 2/7 = 0.29 without the weekend dip
    }
}
