package health.rapport.events;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * A 64-bit SimHash of a message's normalised text. Near-identical texts (a template with a changed name or date)
 * get fingerprints a few bits apart, so engagement-service can tell templated replies from personal ones by
 * Hamming distance without ever seeing the text.
 *
 * <p>Normalisation: Unicode NFKC, lower case, digits folded to one symbol (dates and doses vary inside
 * templates), everything but letters and digits as separators. Features: single words and word pairs, each
 * hashed with MurmurHash3 (x64, 128-bit, first half). It lives with the contracts because it defines what
 * the {@code textFingerprint} of {@link MessageSent} means: producers compute it, consumers compare it.
 */
public final class TextFingerprint {

    private TextFingerprint() {
    }

    public static long of(String text) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return 0L;
        }
        int[] weights = new int[64];
        for (String feature : features(words)) {
            long hash = MurmurHash3.hash128x64(feature.getBytes(StandardCharsets.UTF_8))[0];
            for (int bit = 0; bit < 64; bit++) {
                weights[bit] += ((hash >>> bit) & 1L) == 1L ? 1 : -1;
            }
        }
        long fingerprint = 0L;
        for (int bit = 0; bit < 64; bit++) {
            if (weights[bit] > 0) {
                fingerprint |= 1L << bit;
            }
        }
        return fingerprint;
    }

    /** The fingerprint as events carry it: 16 lower-case hex digits. */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    static List<String> words(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("\\p{Nd}+", "0");
        List<String> words = new ArrayList<>();
        for (String word : normal.split("[^\\p{L}\\p{Nd}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static List<String> features(List<String> words) {
        List<String> features = new ArrayList<>(words);
        for (int i = 0; i + 1 < words.size(); i++) {
            features.add(words.get(i) + ' ' + words.get(i + 1));
        }
        return features;
    }
}
