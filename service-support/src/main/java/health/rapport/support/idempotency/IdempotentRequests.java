package health.rapport.support.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.support.problem.Problem;
import health.rapport.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code Idempotency-Key} header of POST requests: the first response to a key is stored in the transaction
 * of the work, so a retry with the same key and body gets that response again and writes nothing. A retry that
 * arrives while the first request is still running waits on the key's row and then sees its result. Errors are
 * not stored (their transaction rolls back), so a corrected retry with the same key runs.
 *
 * <p>Table {@code idempotent_request} comes from this module's migration {@code V0_2__idempotent_request.sql}.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    /** Set on a response that repeats a stored one. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private final ObjectMapper mapper;
    private final Duration retention;

    public IdempotentRequests(ObjectMapper mapper,
            @ConfigProperty(name = "rapport.idempotency.retention", defaultValue = "P1D") Duration retention) {
        this.mapper = mapper;
        this.retention = retention;
    }

    /** A response as stored: status, optional location and JSON body. */
    public record StoredResponse(int status, String location, String body, boolean replayed) {

        public Response toResponse() {
            Response.ResponseBuilder builder = Response.status(status);
            if (location != null) {
                builder.location(URI.create(location));
            }
            if (body != null) {
                builder.entity(body).type(MediaType.APPLICATION_JSON);
            }
            if (replayed) {
                builder.header(REPLAYED_HEADER, "true");
            }
            return builder.build();
        }
    }

    /** A fresh response to store, with the entity serialised as the API would. */
    public StoredResponse respond(int status, URI location, Object entity) {
        try {
            return new StoredResponse(status, location == null ? null : location.toString(),
                    entity == null ? null : mapper.writeValueAsString(entity), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    /**
     * Runs {@code work} once per caller and key, inside a transaction it opens. Without a key the work simply runs.
     *
     * @param route   names the operation (method and path template), so one key cannot be replayed elsewhere
     * @param request the parsed request (body and path parameters); a different one under the same key is a 422
     */
    public Uni<StoredResponse> once(String callerRef, String key, String route, Object request,
            Supplier<Uni<StoredResponse>> work) {
        if (key == null) {
            return Panache.withTransaction(work);
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError(HEADER,
                    "must be 1 to 200 visible ASCII characters, for example a UUID")));
        }
        String hash = hash(route, request);
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("insert into idempotent_request (caller_ref, idempotency_key, request_hash, created_at)"
                        + " values (:caller, :key, :hash, now()) on conflict do nothing")
                .setParameter("caller", callerRef).setParameter("key", key).setParameter("hash", hash)
                .executeUpdate()
                .flatMap(inserted -> inserted == 1
                        ? work.get().call(response -> session.createNativeQuery("update idempotent_request"
                                        + " set status = :status, location = :location, response_body = :body"
                                        + " where caller_ref = :caller and idempotency_key = :key")
                                .setParameter("status", (short) response.status())
                                .setParameter("location", response.location())
                                .setParameter("body", response.body())
                                .setParameter("caller", callerRef).setParameter("key", key)
                                .executeUpdate())
                        : session.createNativeQuery("select request_hash, status, location, response_body"
                                        + " from idempotent_request where caller_ref = :caller and idempotency_key = :key",
                                        Object[].class)
                                .setParameter("caller", callerRef).setParameter("key", key)
                                .getSingleResult()
                                .map(row -> replay(row, hash)))));
    }

    private static StoredResponse replay(Object[] row, String hash) {
        if (!hash.equals(row[0])) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "this Idempotency-Key was used for a different request; use a new key for a new request",
                    List.of(new Problem.FieldError(HEADER, "was used before with a different request")));
        }
        return new StoredResponse(((Number) row[1]).intValue(), (String) row[2], (String) row[3], true);
    }

    private String hash(String route, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(route.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(mapper.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Scheduled(every = "${rapport.idempotency.cleanup-interval:1h}", delayed = "1m",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> forgetOldKeys() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from idempotent_request where created_at < now() - make_interval(secs => :secs)")
                .setParameter("secs", (double) retention.toSeconds())
                .executeUpdate())).replaceWithVoid();
    }
}
