package health.rapport.e2e;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message texts (bodies and subjects) the suite sends, stand-ins for PHI. Every IT registers what it sends, and
 * after the suite {@link LocalStackExtension} scans the stack's logs for them ({@link PhiLogScan}): no log line may
 * hold one.
 *
 * <p>{@link #distinctive} adds a random token ({@code phi-} and 12 hex digits) to a text, so the scan cannot hit
 * anything but this text, and it also looks for the token alone, which finds a text that a log line cut short or
 * escaped as long as the token survived.
 */
public final class PhiTexts {

    private static final Set<String> TEXTS = ConcurrentHashMap.newKeySet();

    private PhiTexts() {
    }

    /** Registers a text the suite sends as message content; returns it. */
    public static String register(String text) {
        if (text == null || text.strip().length() < PhiLogScan.ANCHOR) {
            throw new IllegalArgumentException("a registered text needs at least " + PhiLogScan.ANCHOR
                    + " characters besides white space");
        }
        TEXTS.add(text);
        return text;
    }

    /** {@code readable} with a random token appended, registered. */
    public static String distinctive(String readable) {
        return register(readable + " (ref " + token() + ")");
    }

    /** A fresh token, {@code phi-} and 12 hex digits. */
    public static String token() {
        return "phi-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Everything registered so far, in no particular order. */
    public static List<String> registered() {
        return List.copyOf(TEXTS);
    }
}
