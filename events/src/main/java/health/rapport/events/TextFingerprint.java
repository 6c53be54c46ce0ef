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
        Words words = Words.of(text);
        if (words.count == 0) {
            return 0L;
        }
        int[] weights = new int[64];
        for (int i = 0; i < words.count; i++) {
            add(weights, words.bytes, words.starts[i], words.ends[i]);
            if (i + 1 < words.count) {
                // The pair "word next" is the bytes from this word's start to the next one's end.
                add(weights, words.bytes, words.starts[i], words.ends[i + 1]);
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

    private static void add(int[] weights, byte[] bytes, int start, int end) {
        long hash = MurmurHash3.hash128x64(bytes, start, end - start, 0)[0];
        for (int bit = 0; bit < 64; bit++) {
            weights[bit] += ((hash >>> bit) & 1L) == 1L ? 1 : -1;
        }
    }

    /** The fingerprint as events carry it: 16 lower-case hex digits. */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    static List<String> words(String text) {
        Words words = Words.of(text);
        List<String> result = new ArrayList<>(words.count);
        for (int i = 0; i < words.count; i++) {
            result.add(new String(words.bytes, words.starts[i], words.ends[i] - words.starts[i], StandardCharsets.UTF_8));
        }
        return result;
    }

    /**
     * The normalised words of a text as UTF-8, one space between each and the next, so that a word and a pair of
     * neighbours are both a range of one array. One pass over the text, without regular expressions: the
     * fingerprint is computed for every message the EHR sends, and the regular-expression version (replace the
     * digit runs, then split) was the inbound's largest allocation after the FHIR parser.
     */
    private static final class Words {
        final byte[] bytes;
        final int[] starts;
        final int[] ends;
        final int count;

        private Words(byte[] bytes, int[] starts, int[] ends, int count) {
            this.bytes = bytes;
            this.starts = starts;
            this.ends = ends;
            this.count = count;
        }

        static Words of(String text) {
            String normal = (isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC))
                    .toLowerCase(Locale.ROOT);
            StringBuilder joined = new StringBuilder(normal.length());
            boolean inWord = false;
            boolean afterDigit = false;
            for (int i = 0; i < normal.length(); ) {
                int cp = normal.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isDigit(cp)) {
                    // A run of digits is one "0": dates and doses vary inside templates.
                    if (!afterDigit) {
                        if (!inWord && joined.length() > 0) {
                            joined.append(' ');
                        }
                        joined.append('0');
                    }
                    inWord = true;
                    afterDigit = true;
                } else if (Character.isLetter(cp)) {
                    if (!inWord && joined.length() > 0) {
                        joined.append(' ');
                    }
                    joined.appendCodePoint(cp);
                    inWord = true;
                    afterDigit = false;
                } else {
                    inWord = false;
                    afterDigit = false;
                }
            }
            byte[] bytes = joined.toString().getBytes(StandardCharsets.UTF_8);
            int count = 0;
            for (byte b : bytes) {
                if (b == ' ') {
                    count++;
                }
            }
            count = bytes.length == 0 ? 0 : count + 1;
            int[] starts = new int[count];
            int[] ends = new int[count];
            int word = 0;
            int start = 0;
            for (int i = 0; i <= bytes.length && count > 0; i++) {
                if (i == bytes.length || bytes[i] == ' ') {
                    starts[word] = start;
                    ends[word] = i;
                    word++;
                    start = i + 1;
                }
            }
            return new Words(bytes, starts, ends, count);
        }

        private static boolean isAscii(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
    }
}
