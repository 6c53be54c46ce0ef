package health.rapport.engagement.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import health.rapport.engagement.report.repository.ReportRepository.CohortRow;
import health.rapport.engagement.report.service.ReportService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cohort arithmetic against numbers worked out by hand. */
class ReportServiceGroupsTest {

    @Test
    void ratesRateRatiosAndIntervalsAreTheDocumentedFormulas() {
        // none: 2 clinicians, 30 patients, 20 messages; high: 1 clinician, 10 patients, 40 messages; 2 months each.
        List<CohortRow> rows = List.of(new CohortRow("a", 10, 5, 10, 0, 0), new CohortRow("b", 20, 15, 0, 0, 0),
                new CohortRow("c", 10, 40, 10, 9, 3));
        List<ReportService.Group> groups = ReportService.groups(rows, 2.0,
                row -> row.personalResponses() > 5 ? ReportService.Level.HIGH : ReportService.Level.NONE);
        ReportService.Group none = groups.get(0);
        ReportService.Group low = groups.get(1);
        ReportService.Group high = groups.get(2);
        assertThat(none.patientMonths()).isEqualTo(60.0);
        assertThat(none.ratePerPatientMonth()).isCloseTo(20 / 60.0, within(1e-12));
        assertThat(none.rateRatio()).isEqualTo(1.0);
        assertThat(low.patients()).isZero();
        assertThat(low.rateRatio()).isNull();
        assertThat(high.ratePerPatientMonth()).isEqualTo(2.0);
        // RR = (40/20) / (20/60) = 6; CI exp(ln 6 ± 1.96·sqrt(1/40 + 1/20)).
        assertThat(high.rateRatio()).isCloseTo(6.0, within(1e-12));
        double se = Math.sqrt(1 / 40.0 + 1 / 20.0);
        assertThat(high.ciLow()).isCloseTo(6.0 * Math.exp(-1.96 * se), within(1e-9));
        assertThat(high.ciHigh()).isCloseTo(6.0 * Math.exp(1.96 * se), within(1e-9));
        assertThat(high.ciLow()).isCloseTo(3.5078, within(1e-3));
    }
}
