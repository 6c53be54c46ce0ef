package health.rapport.message.thread.rest;

import health.rapport.support.problem.Problem;
import health.rapport.support.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** An opaque keyset cursor: the sort key of the last item of a page. */
record Cursor(Instant time, UUID id) {

    static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
            return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("cursor",
                    "is not a cursor this API returned")));
        }
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
    }
}
