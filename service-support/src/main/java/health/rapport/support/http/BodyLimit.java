package health.rapport.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.support.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body exceeds {@code quarkus.http.limits.max-body-size} with a 413 in
 * problem+json, before any of it is read (Vert.x would otherwise answer a bare 413 or cut the connection).
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader("Content-Length");
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length <= max) {
                context.next();
                return;
            }
            Problem problem = new Problem(Problem.TYPE_BASE + "payload-too-large", "Payload too large", 413,
                    "the request body has " + length + " bytes; at most " + max + " are accepted",
                    context.request().path(), List.of(new Problem.FieldError("(body)", "is larger than " + max
                            + " bytes")));
            try {
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(mapper.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                context.fail(e);
            }
        });
    }
}
