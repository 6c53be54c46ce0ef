package health.rapport.support.security;

/** Realm roles of Keycloak realm {@code rapport}. */
public final class Roles {
    public static final String PATIENT = "patient";
    public static final String CLINICIAN = "clinician";
    public static final String OPS = "ops";
    public static final String EHR_SYSTEM = "ehr-system";

    private Roles() {
    }
}
