package health.rapport.support.problem;

import java.util.List;

/** A failure with an HTTP status and a problem type, thrown by services and mapped to problem+json. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " was not found", List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, List.of());
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(409, type, "Conflict", detail, List.of());
    }

    /** Well-formed, but it cannot be carried out as asked: for example a recipient nobody knows. */
    public static ProblemException unprocessable(String field, String reason) {
        return new ProblemException(422, "unprocessable", "Request cannot be carried out", field + ": " + reason,
                List.of(new Problem.FieldError(field, reason)));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(400, "validation", "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).reason()
                        : errors.size() + " fields are invalid", errors);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_BASE + type, title, status, getMessage(), instance, errors);
    }
}
