package health.rapport.engagement.report.service;

import health.rapport.support.problem.Problem;
import health.rapport.support.problem.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A report's period: clinic-local days {@code from} to {@code to}, both included, at most {@link #MAX_DAYS}. */
public record ReportPeriod(LocalDate from, LocalDate to) {

    public static final int MAX_DAYS = 366;
    /** Average days in a month (365.25 / 12): a patient-month. */
    public static final double DAYS_PER_MONTH = 30.4375;

    /** Parses ISO dates; a 400 problem naming {@code from} and/or {@code to} when they are missing or wrong. */
    public static ReportPeriod parse(String from, String to) {
        List<Problem.FieldError> errors = new ArrayList<>();
        LocalDate start = date("from", from, errors);
        LocalDate end = date("to", to, errors);
        if (start != null && end != null) {
            if (start.isAfter(end)) {
                errors.add(new Problem.FieldError("from", "must not be after to"));
            } else if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
                errors.add(new Problem.FieldError("to", "the period may span at most " + MAX_DAYS + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ReportPeriod(start, end);
    }

    private static LocalDate date(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required, an ISO date such as 2025-01-31"));
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO date such as 2025-01-31"));
            return null;
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    public double months() {
        return days() / DAYS_PER_MONTH;
    }
}
