package health.rapport.simulator;

import health.rapport.events.TextFingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Templated replies stay within the Hamming distance engagement-service treats as templated (3); personal replies
 * lie far apart. Fingerprints by the contract's TextFingerprint (module events).
 */
class TextsFingerprintTest {

    static final int TEMPLATED_DISTANCE = 3;

    @Test
    void usesOfOneTemplateHaveNearlyTheSameFingerprint() {
        Rng rng = new Rng(11);
        for (int clinician = 0; clinician < 50; clinician++) {
            List<String> templates = Texts.templates(Names.surname(rng), 3, rng);
            for (String template : templates) {
                long first = TextFingerprint.of(Texts.fillTemplate(template, rng));
                for (int use = 0; use < 20; use++) {
                    String text = Texts.fillTemplate(template, rng);
                    assertThat(text).doesNotContain("{").doesNotContain("}");
                    assertThat(TextFingerprint.distance(first, TextFingerprint.of(text))).isLessThanOrEqualTo(TEMPLATED_DISTANCE);
                }
            }
        }
    }

    @Test
    void personalRepliesAreFarApart() {
        Rng rng = new Rng(12);
        Texts.Context context = new Texts.Context("Robin", "Ashford");
        List<Long> fingerprints = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            fingerprints.add(TextFingerprint.of(Texts.personalReply(context, rng)));
        }
        long pairs = 0;
        long near = 0;
        long total = 0;
        for (int i = 0; i < fingerprints.size(); i++) {
            for (int j = i + 1; j < fingerprints.size(); j++) {
                int d = TextFingerprint.distance(fingerprints.get(i), fingerprints.get(j));
                pairs++;
                total += d;
                if (d <= TEMPLATED_DISTANCE) {
                    near++;
                }
            }
        }
        System.out.printf("personal pairs %d, near %d, mean distance %.1f%n", pairs, near, total / (double) pairs);
        assertThat(near / (double) pairs).isLessThan(0.001);
        assertThat(total / (double) pairs).isGreaterThan(16);
    }
}
