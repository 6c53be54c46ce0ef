package health.rapport.simulator;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * A copy of message-service's {@code health.rapport.message.thread.service.TextFingerprint} (the services' SimHash),
 * so this module's tests can check the fingerprints of generated texts without depending on a service. Keep it
 * equal to the original.
 */
final class SimHash {

    private SimHash() {
    }

    static long of(String text) {
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

    static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static List<String> words(String text) {
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
