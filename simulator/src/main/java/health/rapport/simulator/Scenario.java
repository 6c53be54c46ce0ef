package health.rapport.simulator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * What to simulate: the population's size, the span, the clinic's time zone and calendar, the seed and the
 * behavioural model. Everything the output depends on is in here: two runs of equal scenarios write the same
 * bytes.
 *
 * @param name      a label (the preset's name, "custom", a "*" after a preset with overridden sizes); it
 *                  appears in summary.json only, never in the resources or the truth lines
 * @param seed      the seed every random draw derives from
 * @param start     the first day of the span (clinic-local 00:00)
 * @param days      the span's length in days; events are generated in [start 00:00, start + days 00:00)
 * @param zone      the clinic's time zone: working hours, business days and local timestamps
 * @param holidays  non-working weekdays (empty by default)
 */
public record Scenario(String name, long seed, int clinicians, int patients, LocalDate start, int days, ZoneId zone,
        List<LocalDate> holidays, Model model) {

    public static final long DEFAULT_SEED = 1L;
    /** A Monday. */
    public static final LocalDate DEFAULT_START = LocalDate.of(2025, 1, 6);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/New_York");

    public Scenario {
        if (clinicians < 1) {
            throw new IllegalArgumentException("at least one clinician");
        }
        if (patients < 1) {
            throw new IllegalArgumentException("at least one patient");
        }
        if (days < 1) {
            throw new IllegalArgumentException("at least one day");
        }
        holidays = holidays.stream().sorted().distinct().toList();
        if (name == null || name.isBlank()) {
            name = "custom";
        }
    }

    public static Scenario of(Preset preset) {
        return new Scenario(preset.label(), DEFAULT_SEED, preset.clinicians(), preset.patients(), DEFAULT_START,
                preset.days(), DEFAULT_ZONE, List.of(), Model.defaults());
    }

    public static Scenario tiny() {
        return of(Preset.TINY);
    }

    public Scenario withSeed(long value) {
        return new Scenario(name, value, clinicians, patients, start, days, zone, holidays, model);
    }

    public Scenario withClinicians(int value) {
        return new Scenario(name, seed, value, patients, start, days, zone, holidays, model);
    }

    public Scenario withPatients(int value) {
        return new Scenario(name, seed, clinicians, value, start, days, zone, holidays, model);
    }

    public Scenario withDays(int value) {
        return new Scenario(name, seed, clinicians, patients, start, value, zone, holidays, model);
    }

    public Scenario withStart(LocalDate value) {
        return new Scenario(name, seed, clinicians, patients, value, days, zone, holidays, model);
    }

    public Scenario withZone(ZoneId value) {
        return new Scenario(name, seed, clinicians, patients, start, days, value, holidays, model);
    }

    public Scenario withHolidays(List<LocalDate> value) {
        return new Scenario(name, seed, clinicians, patients, start, days, zone, value, model);
    }

    public Scenario withModel(Model value) {
        return new Scenario(name, seed, clinicians, patients, start, days, zone, holidays, value);
    }

    public Scenario withRateRatio(double value) {
        return withModel(model.withRateRatio(value));
    }

    public Scenario withName(String value) {
        return new Scenario(value, seed, clinicians, patients, start, days, zone, holidays, model);
    }

    /** The clinic calendar: Monday to Friday 08:00 to 18:00 in the zone, minus the holidays. */
    public WorkCalendar calendar() {
        return new WorkCalendar(zone, LocalTime.of(8, 0), LocalTime.of(18, 0), holidays);
    }

    /** The span's first second (start, 00:00 clinic time), epoch seconds. */
    public long startEpochSecond() {
        return start.atStartOfDay(zone).toEpochSecond();
    }

    /** The span's end (exclusive), epoch seconds. */
    public long endEpochSecond() {
        return start.plusDays(days).atStartOfDay(zone).toEpochSecond();
    }

    /**
     * The prefix of every resource id of this run, derived from the seed ("s" and 6 hex digits), so runs with
     * different seeds never reuse each other's ids in one Rapport.
     */
    public String idPrefix() {
        return String.format(Locale.ROOT, "s%06x", Rng.mix64(seed ^ 0x5157_5241_5050_4f52L) >>> 40);
    }

    /** A short human-readable description. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %,d clinicians, %,d patients, %d days from %s (%s), seed %d, rate ratio %s",
                name, clinicians, patients, days, start, zone, seed, model.rateRatio());
    }
}
