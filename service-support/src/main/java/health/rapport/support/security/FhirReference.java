package health.rapport.support.security;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FHIR literal reference to a person, {@code Patient/<id>} or {@code Practitioner/<id>}. Rapport uses the FHIR
 * logical id as the person's id everywhere.
 */
public record FhirReference(ResourceType type, String id) {

    /** FHIR id: 1 to 64 of letters, digits, '-' and '.'. */
    private static final Pattern REFERENCE = Pattern.compile("^(Patient|Practitioner)/([A-Za-z0-9\\-.]{1,64})$");

    public enum ResourceType {
        Patient,
        Practitioner
    }

    public static Optional<FhirReference> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = REFERENCE.matcher(value.trim());
        return matcher.matches()
                ? Optional.of(new FhirReference(ResourceType.valueOf(matcher.group(1)), matcher.group(2)))
                : Optional.empty();
    }

    public static FhirReference patient(String id) {
        return new FhirReference(ResourceType.Patient, id);
    }

    public static FhirReference practitioner(String id) {
        return new FhirReference(ResourceType.Practitioner, id);
    }

    public boolean isPatient() {
        return type == ResourceType.Patient;
    }

    @Override
    public String toString() {
        return type + "/" + id;
    }
}
