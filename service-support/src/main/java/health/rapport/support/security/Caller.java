package health.rapport.support.security;

import health.rapport.support.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: their FHIR identity (claim {@code fhirUser}) and realm roles. Services decide ownership from
 * this, never from request parameters.
 */
public record Caller(String username, Optional<FhirReference> person, SecurityIdentity identity) {

    public static final String FHIR_USER_CLAIM = "fhirUser";

    public static Caller of(SecurityIdentity identity) {
        Optional<FhirReference> person = Optional.empty();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(FHIR_USER_CLAIM);
            person = FhirReference.parse(claim == null ? null : claim.toString());
        }
        return new Caller(identity.isAnonymous() ? null : identity.getPrincipal().getName(), person, identity);
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public boolean isPatient() {
        return hasRole(Roles.PATIENT) && person.map(FhirReference::isPatient).orElse(false);
    }

    public boolean isClinician() {
        return hasRole(Roles.CLINICIAN) && person.map(p -> !p.isPatient()).orElse(false);
    }

    public boolean isOps() {
        return hasRole(Roles.OPS);
    }

    /** An ops caller who is not also a patient or clinician: sees metadata, never message text. */
    public boolean isOpsOnly() {
        return isOps() && !isPatient() && !isClinician();
    }

    /** The caller as a patient or clinician, or 403 when the token names neither. */
    public FhirReference requirePerson() {
        if (isPatient() || isClinician()) {
            return person.orElseThrow();
        }
        throw ProblemException.forbidden("the token names no patient or clinician (claim " + FHIR_USER_CLAIM
                + " with role patient or clinician)");
    }
}
