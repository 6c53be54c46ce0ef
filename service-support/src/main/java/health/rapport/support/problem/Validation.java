package health.rapport.support.problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Collects every field error of a request before failing, so a client learns all its mistakes at once.
 * <pre>{@code
 * Validation v = new Validation();
 * String subject = v.text("subject", request.subject(), 1, 200);
 * v.throwIfInvalid();
 * }</pre>
 */
public final class Validation {

    /** C0 and C1 control characters except tab, line feed and carriage return. */
    private static final Pattern FORBIDDEN_CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]");

    private static final char UNDECODABLE = '\uFFFD';

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public void reject(String field, String reason) {
        errors.add(new Problem.FieldError(field, reason));
    }

    /** The field errors so far, in the order they were found. */
    public List<Problem.FieldError> errors() {
        return List.copyOf(errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** An optional whole number in {@code min..max} given as query text; {@code fallback} when absent. */
    public int intInRange(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        reject(field, "must be a whole number between " + min + " and " + max);
        return fallback;
    }

    /** A required text, trimmed, of {@code min..max} characters without control characters; null if invalid. */
    public String text(String field, String value, int min, int max) {
        if (value == null) {
            reject(field, "is required");
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() < min) {
            reject(field, min == 1 ? "must not be blank" : "must have at least " + min + " characters");
            return null;
        }
        if (trimmed.length() > max) {
            reject(field, "must have at most " + max + " characters (has " + trimmed.length() + ")");
            return null;
        }
        if (trimmed.indexOf(UNDECODABLE) >= 0) {
            // The body was not valid UTF-8: the JSON reader put the replacement character where bytes failed.
            reject(field, "must be valid UTF-8 text");
            return null;
        }
        if (FORBIDDEN_CONTROL.matcher(trimmed).find()) {
            reject(field, "must not contain control characters other than newlines and tabs");
            return null;
        }
        return trimmed;
    }

    /** A required value from a closed set, compared case-sensitively; null if invalid. */
    public <T> T oneOf(String field, String value, Collection<String> allowed, Function<String, T> parse) {
        if (value == null || value.isBlank()) {
            reject(field, "is required; one of " + String.join(", ", allowed));
            return null;
        }
        if (!allowed.contains(value)) {
            reject(field, "must be one of " + String.join(", ", allowed) + " (was '" + abbreviate(value) + "')");
            return null;
        }
        return parse.apply(value);
    }

    /** Like {@link #oneOf} but absent values take the default. */
    public <T> T optionalOneOf(String field, String value, Collection<String> allowed, Function<String, T> parse,
            T defaultValue) {
        return value == null ? defaultValue : oneOf(field, value, allowed, parse);
    }

    static String abbreviate(String value) {
        String clean = FORBIDDEN_CONTROL.matcher(value).replaceAll("?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
