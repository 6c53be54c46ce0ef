package health.rapport.engagement.report.service;

import health.rapport.engagement.provider.service.BusinessCalendar;
import health.rapport.engagement.report.repository.ReportRepository;
import health.rapport.engagement.report.repository.ReportRepository.CohortRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The study's reports: the Meaningful Use Stage 2 secure-messaging measure and its modified form per clinician, and
 * the cohort analysis (patient-initiated message rates by the clinician's level of personal response and of
 * initiation, as rate ratios against the "none" group). Definitions are in the service README.
 */
@ApplicationScoped
public class ReportService {

    public enum Level {
        NONE, LOW, HIGH;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record ClinicianMeasure(String clinicianId, long patientsSeen, long patientsWhoMessaged,
            double stage2Measure, boolean stage2Pass, long patientsMessaged, double modifiedStage2Measure,
            boolean modifiedStage2Pass) {
    }

    public record MeasureReport(LocalDate from, LocalDate to, String zone, double threshold,
            List<ClinicianMeasure> clinicians) {
    }

    /**
     * One group of patients. {@code rateRatio} and its 95% CI are against the "none" group of the same grouping;
     * null when either group has no patient-initiated message (or no patients); the "none" group's own ratio is 1
     * and has no interval.
     */
    public record Group(String group, long clinicians, long patients, double patientMonths, long patientInitiated,
            Double ratePerPatientMonth, Double rateRatio, Double ciLow, Double ciHigh) {
    }

    public record CutPoints(double personalLowFrom, double personalHighFrom, double initiationHighFrom) {
    }

    public record CohortReport(LocalDate from, LocalDate to, String zone, long days, double monthsPerPatient,
            CutPoints cutPoints, List<Group> byPersonalResponse, List<Group> byInitiation) {
    }

    private static final double Z95 = 1.96;

    private final ReportRepository reports;
    private final BusinessCalendar calendar;
    private final double threshold;
    private final CutPoints cuts;

    public ReportService(ReportRepository reports, BusinessCalendar calendar,
            @ConfigProperty(name = "rapport.engagement.measure.threshold", defaultValue = "0.05") double threshold,
            @ConfigProperty(name = "rapport.engagement.cohort.personal.low-from", defaultValue = "0.20") double personalLowFrom,
            @ConfigProperty(name = "rapport.engagement.cohort.personal.high-from", defaultValue = "0.60") double personalHighFrom,
            @ConfigProperty(name = "rapport.engagement.cohort.initiation.high-from", defaultValue = "2.0") double initiationHighFrom) {
        if (!(personalLowFrom > 0 && personalLowFrom <= personalHighFrom && personalHighFrom <= 1)) {
            throw new IllegalArgumentException("need 0 < rapport.engagement.cohort.personal.low-from <= high-from <= 1");
        }
        if (!(initiationHighFrom > 0)) {
            throw new IllegalArgumentException("rapport.engagement.cohort.initiation.high-from must be positive");
        }
        this.reports = reports;
        this.calendar = calendar;
        this.threshold = threshold;
        this.cuts = new CutPoints(personalLowFrom, personalHighFrom, initiationHighFrom);
    }

    /** Every clinician who saw a patient in the period, or only {@code clinicianId} when not null. */
    public Uni<MeasureReport> measure(ReportPeriod period, String clinicianId) {
        return reports.measure(period.from(), period.to(), clinicianId).map(rows -> new MeasureReport(period.from(),
                period.to(), calendar.zone().getId(), threshold, rows.stream().map(row -> {
                    double stage2 = (double) row.wrote() / row.seen();
                    double modified = (double) row.written() / row.seen();
                    return new ClinicianMeasure(row.clinicianId(), row.seen(), row.wrote(), stage2, stage2 > threshold,
                            row.written(), modified, modified > threshold);
                }).toList()));
    }

    public Uni<CohortReport> cohort(ReportPeriod period) {
        return reports.cohort(period.from(), period.to()).map(rows -> {
            double years = period.days() / 365.25;
            return new CohortReport(period.from(), period.to(), calendar.zone().getId(), period.days(),
                    period.months(), cuts,
                    groups(rows, period.months(), this::personalLevel),
                    groups(rows, period.months(), row -> initiationLevel(row, years)));
        });
    }

    /** Personal responses over responses in the period; a clinician with no response is "none". */
    Level personalLevel(CohortRow row) {
        if (row.responses() == 0) {
            return Level.NONE;
        }
        double share = (double) row.personalResponses() / row.responses();
        return share >= cuts.personalHighFrom() ? Level.HIGH : share >= cuts.personalLowFrom() ? Level.LOW : Level.NONE;
    }

    /** PROVIDER_INITIATED messages to the clinician's assigned patients per assigned patient-year. */
    Level initiationLevel(CohortRow row, double years) {
        if (row.providerInitiated() == 0) {
            return Level.NONE;
        }
        double perPatientYear = row.providerInitiated() / (row.patients() * years);
        return perPatientYear >= cuts.initiationHighFrom() ? Level.HIGH : Level.LOW;
    }

    public static List<Group> groups(List<CohortRow> rows, double monthsPerPatient, Function<CohortRow, Level> level) {
        Map<Level, long[]> sums = new EnumMap<>(Level.class);
        for (Level l : Level.values()) {
            sums.put(l, new long[3]);
        }
        for (CohortRow row : rows) {
            long[] sum = sums.get(level.apply(row));
            sum[0]++;
            sum[1] += row.patients();
            sum[2] += row.patientInitiated();
        }
        long[] none = sums.get(Level.NONE);
        List<Group> groups = new ArrayList<>();
        for (Level l : Level.values()) {
            long[] sum = sums.get(l);
            double months = sum[1] * monthsPerPatient;
            Double rate = sum[1] == 0 ? null : sum[2] / months;
            Double ratio = null;
            Double low = null;
            Double high = null;
            if (l == Level.NONE) {
                ratio = sum[2] > 0 ? 1.0 : null;
            } else if (sum[2] > 0 && none[2] > 0) {
                double rr = rate / (none[2] / (none[1] * monthsPerPatient));
                double se = Math.sqrt(1.0 / sum[2] + 1.0 / none[2]);
                ratio = rr;
                low = Math.exp(Math.log(rr) - Z95 * se);
                high = Math.exp(Math.log(rr) + Z95 * se);
            }
            groups.add(new Group(l.label(), sum[0], sum[1], months, sum[2], rate, ratio, low, high));
        }
        return groups;
    }
}
