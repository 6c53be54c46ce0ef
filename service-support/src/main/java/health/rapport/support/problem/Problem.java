package health.rapport.support.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error Rapport answers ({@code application/problem+json}).
 *
 * @param errors for validation failures: each offending field and the reason
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://rapport.health/problems/";

    /** One invalid field: a JSON path such as {@code body} or {@code attachments[2].size}. */
    public record FieldError(String field, String reason) {
    }
}
