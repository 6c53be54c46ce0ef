package health.rapport.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure of a REST call to problem+json. Unexpected exceptions become a 500 whose body says
 * nothing about internals; the log keeps the stack trace (and never request bodies, which hold message text).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(uri.getPath()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
        String reason = e instanceof JsonMappingException ? "has the wrong type or format" : "is not valid JSON";
        String detail = field.isEmpty() ? "The request body " + reason
                : "Field '" + field + "' " + reason;
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field.isEmpty() ? "(body)" : field, reason));
        return respond(new Problem(Problem.TYPE_BASE + "malformed-body", "Malformed request body", 400, detail,
                uri.getPath(), errors));
    }

    /** Quarkus has its own mappers for these two; naming them here makes ours win. */
    @ServerExceptionMapper(priority = 1)
    public Response unparsableJson(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    /** A role check ({@code @RolesAllowed}) refused an authenticated caller. */
    @ServerExceptionMapper(priority = 1)
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403,
                "your roles do not allow this request", uri.getPath(), List.of()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(io.quarkus.security.UnauthorizedException e, UriInfo uri) {
        return Response.fromResponse(respond(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401,
                "a valid bearer token is required", uri.getPath(), List.of()))).header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return respond(new Problem(Problem.TYPE_BASE + "http-" + status, title, status,
                status == 415 ? "Send the body as application/json" : title, uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal error", 500,
                "The request could not be completed; it has been logged", uri.getPath(), List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
