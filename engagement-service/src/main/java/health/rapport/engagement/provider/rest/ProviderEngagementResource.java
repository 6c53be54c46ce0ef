package health.rapport.engagement.provider.rest;

import health.rapport.engagement.provider.service.EngagementService;
import health.rapport.support.problem.Problem;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.security.Caller;
import health.rapport.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A clinician's engagement figures: the clinician themself and ops may read them. */
@Path("/api/v1/engagement/providers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.OPS})
@Tag(name = "engagement")
@SecurityRequirement(name = "bearer")
public class ProviderEngagementResource {

    private static final int MAX_WINDOW_DAYS = 365;

    private final EngagementService engagement;
    private final SecurityIdentity identity;
    private final int defaultWindowDays;

    public ProviderEngagementResource(EngagementService engagement, SecurityIdentity identity,
            @ConfigProperty(name = "rapport.engagement.default-window-days") int defaultWindowDays) {
        this.engagement = engagement;
        this.identity = identity;
        this.defaultWindowDays = defaultWindowDays;
    }

    @GET
    @Path("/{providerId}")
    @Operation(summary = "Counts of each message kind for one clinician over a rolling window of days")
    public Uni<EngagementService.Summary> provider(@PathParam("providerId") String providerId,
            @QueryParam("windowDays") String windowDays) {
        Caller caller = Caller.of(identity);
        boolean self = caller.isClinician() && caller.person().orElseThrow().id().equals(providerId);
        if (!self && !caller.isOps()) {
            throw ProblemException.forbidden("clinicians see their own engagement only");
        }
        int days = parseDays(windowDays);
        return engagement.summary(providerId, days);
    }

    private int parseDays(String windowDays) {
        int days;
        try {
            days = windowDays == null ? defaultWindowDays : Integer.parseInt(windowDays.trim());
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 1 || days > MAX_WINDOW_DAYS) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("windowDays",
                    "must be a whole number of days between 1 and " + MAX_WINDOW_DAYS)));
        }
        return days;
    }
}
