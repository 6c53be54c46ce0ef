package health.rapport.engagement.provider.rest;

import health.rapport.support.problem.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque cursor over a sorted list: the offset of the next page. Offsets suit a list of clinicians (thousands,
 * sorted by figures that change between pages); a keyset would not be stable under re-evaluation either.
 */
final class OffsetCursor {

    private static final String PREFIX = "o:";

    private OffsetCursor() {
    }

    static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int decode(Validation v, String field, String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                int offset = Integer.parseInt(text.substring(PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        v.reject(field, "is not a cursor this API returned");
        return 0;
    }
}
