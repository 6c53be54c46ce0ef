package health.rapport.notification.policy.rest;

import health.rapport.notification.policy.service.PolicyDocument;
import health.rapport.notification.policy.service.PolicyService;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.security.Caller;
import health.rapport.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The nudge policy, for ops: read it, replace it whole. */
@Path("/api/v1/nudge-policy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPS)
@Tag(name = "nudges")
@SecurityRequirement(name = "bearer")
public class NudgePolicyResource {

    private final PolicyService policies;
    private final SecurityIdentity identity;

    public NudgePolicyResource(PolicyService policies, SecurityIdentity identity) {
        this.policies = policies;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The nudge policy in force (the defaults until ops store one)")
    public Uni<PolicyDocument> get() {
        return Panache.withSession(policies::document);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the nudge policy; every member is required; 400 names each invalid field")
    public Uni<PolicyDocument> put(PolicyDocument body) {
        if (body == null) {
            throw ProblemException.invalid(List.of(new health.rapport.support.problem.Problem.FieldError("body",
                    "is required: the whole policy as JSON")));
        }
        String by = Caller.of(identity).username();
        return Panache.withTransaction(() -> policies.replace(body, by == null ? "unknown" : by));
    }
}
