package health.rapport.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint is a contract: engagement-service compares fingerprints computed by message-service across
 * versions, so a faster implementation must give the same bits for every text. The reference below is the
 * definition as first written (regular expressions, a string per feature).
 */
class TextFingerprintTest {

    @Test
    void sameBitsAsTheDefinitionForEveryKindOfText() {
        Random random = new Random(42);
        String[] pieces = {"Your ", "results", " are ", "normal", ". ", "Take ", "20", " mg", " on ", "12/03/2026",
                "\n", "\t", "ÉCOLE", "straße", "İstanbul", "ﬁle", "１２３", "٣٤", "𝐀𝐁", "😀", "e\u0301", "—", "--",
                "  ", "O'Brien", "x2y", "9a", "a9", "ß", "Ǆ", "日本語", "ｶﾀｶﾅ", "", "0", ",,", "Dr.", "\u00a0"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(12);
            for (int p = 0; p < parts; p++) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000)
                        : pieces[random.nextInt(pieces.length)]);
            }
            String t = text.toString();
            assertThat(TextFingerprint.of(t)).as("fingerprint of %s", t).isEqualTo(reference(t));
            assertThat(TextFingerprint.words(t)).as("words of %s", t).isEqualTo(referenceWords(t));
        }
    }

    @Test
    void digitRunsFoldAndSeparatorsSplit() {
        assertThat(TextFingerprint.words("Take 20mg at 08:30, twice—daily"))
                .containsExactly("take", "0mg", "at", "0", "0", "twice", "daily");
        assertThat(TextFingerprint.of("  ...  ")).isZero();
    }

    @Test
    void templatedTextsAreNearAndPersonalOnesFar() {
        long template = TextFingerprint.of("Hello Maria, your lab results from 03/02 are normal. No action needed.");
        long sameTemplate = TextFingerprint.of("Hello John, your lab results from 11/28 are normal. No action needed.");
        long personal = TextFingerprint.of("I looked at your potassium again; let's recheck it next week after the"
                + " dose change, and call me if the cramps come back.");
        assertThat(TextFingerprint.distance(template, sameTemplate)).isLessThanOrEqualTo(12);
        assertThat(TextFingerprint.distance(template, personal)).isGreaterThan(16);
    }

    private static long reference(String text) {
        List<String> words = referenceWords(text);
        if (words.isEmpty()) {
            return 0L;
        }
        List<String> features = new ArrayList<>(words);
        for (int i = 0; i + 1 < words.size(); i++) {
            features.add(words.get(i) + ' ' + words.get(i + 1));
        }
        int[] weights = new int[64];
        for (String feature : features) {
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

    private static List<String> referenceWords(String text) {
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
}
