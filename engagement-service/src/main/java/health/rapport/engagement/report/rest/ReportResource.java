package health.rapport.engagement.report.rest;

import health.rapport.engagement.report.service.ReportPeriod;
import health.rapport.engagement.report.service.ReportService;
import health.rapport.engagement.report.service.ReportService.CohortReport;
import health.rapport.engagement.report.service.ReportService.Group;
import health.rapport.engagement.report.service.ReportService.MeasureReport;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.security.Caller;
import health.rapport.support.security.FhirReference;
import health.rapport.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The study's reports; JSON by default, CSV with {@code Accept: text/csv}. */
@Path("/api/v1/engagement/reports")
@Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
@Tag(name = "engagement reports")
@SecurityRequirement(name = "bearer")
public class ReportResource {

    private static final MediaType CSV = MediaType.valueOf(Csv.MEDIA_TYPE);
    private static final String CSV_UTF8 = Csv.MEDIA_TYPE + "; charset=UTF-8; header=present";

    private final ReportService reports;
    private final SecurityIdentity identity;

    public ReportResource(ReportService reports, SecurityIdentity identity) {
        this.reports = reports;
        this.identity = identity;
    }

    @GET
    @Path("/secure-messaging-measure")
    @RolesAllowed({Roles.OPS, Roles.CLINICIAN})
    @Operation(summary = "Meaningful Use Stage 2 secure-messaging measure and its modified form per clinician "
            + "(ops: every clinician; a clinician: their own row)")
    public Uni<Response> secureMessagingMeasure(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context HttpHeaders headers) {
        ReportPeriod period = ReportPeriod.parse(from, to);
        Caller caller = Caller.of(identity);
        String only = caller.isOps() ? null : caller.person()
                .filter(person -> person.type() == FhirReference.ResourceType.Practitioner)
                .map(FhirReference::id)
                .orElseThrow(() -> ProblemException.forbidden("a clinician's token must name their Practitioner"));
        return reports.measure(period, only).map(report -> wantsCsv(headers)
                ? Response.ok(measureCsv(report), CSV_UTF8).build()
                : Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build());
    }

    @GET
    @Path("/cohort")
    @RolesAllowed(Roles.OPS)
    @Operation(summary = "The study's analysis: patient-initiated message rates by the clinician's level of personal "
            + "response and of initiation, rate ratios against the \"none\" group with 95% confidence intervals")
    public Uni<Response> cohort(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context HttpHeaders headers) {
        ReportPeriod period = ReportPeriod.parse(from, to);
        return reports.cohort(period).map(report -> wantsCsv(headers)
                ? Response.ok(cohortCsv(report), CSV_UTF8).build()
                : Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** CSV when the most preferred of the types the caller accepts that this resource offers is text/csv. */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isWildcardType() || MediaType.APPLICATION_JSON_TYPE.isCompatible(accepted)) {
                return false;
            }
            if (CSV.isCompatible(accepted) && !accepted.isWildcardSubtype()) {
                return true;
            }
        }
        return false;
    }

    static String measureCsv(MeasureReport report) {
        Csv csv = new Csv(List.of("clinician_id", "from", "to", "patients_seen", "patients_who_messaged",
                "stage2_measure", "stage2_pass", "patients_messaged", "modified_stage2_measure",
                "modified_stage2_pass", "threshold"));
        report.clinicians().forEach(c -> csv.row(c.clinicianId(), report.from(), report.to(), c.patientsSeen(),
                c.patientsWhoMessaged(), c.stage2Measure(), c.stage2Pass(), c.patientsMessaged(),
                c.modifiedStage2Measure(), c.modifiedStage2Pass(), report.threshold()));
        return csv.toString();
    }

    static String cohortCsv(CohortReport report) {
        Csv csv = new Csv(List.of("grouping", "group", "from", "to", "clinicians", "patients", "patient_months",
                "patient_initiated", "rate_per_patient_month", "rate_ratio", "ci_low", "ci_high"));
        for (Group g : report.byPersonalResponse()) {
            row(csv, "personal_response", g, report);
        }
        for (Group g : report.byInitiation()) {
            row(csv, "initiation", g, report);
        }
        return csv.toString();
    }

    private static void row(Csv csv, String grouping, Group g, CohortReport report) {
        csv.row(grouping, g.group(), report.from(), report.to(), g.clinicians(), g.patients(), g.patientMonths(),
                g.patientInitiated(), g.ratePerPatientMonth(), g.rateRatio(), g.ciLow(), g.ciHigh());
    }
}
