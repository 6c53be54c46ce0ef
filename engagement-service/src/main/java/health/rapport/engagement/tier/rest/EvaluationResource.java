package health.rapport.engagement.tier.rest;

import health.rapport.engagement.tier.service.TierEvaluation;
import health.rapport.support.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs an evaluation of every clinician now, instead of waiting for the schedule. */
@Path("/api/v1/engagement/evaluations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPS)
@Tag(name = "engagement")
@SecurityRequirement(name = "bearer")
public class EvaluationResource {

    private final TierEvaluation evaluation;

    public EvaluationResource(TierEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    @POST
    @Operation(summary = "Evaluate every clinician's tier and signal overdue replies now")
    public Uni<TierEvaluation.Result> evaluate() {
        return evaluation.evaluateAll();
    }
}
