package health.rapport.simulator;

import java.util.Locale;

/**
 * Scale presets. Message counts are what the default model gives (measured with seed 1; see the README).
 * {@code study} has the study's population (Wolcott et al., J Med Internet Res 2017;19(4):e103: about 3,000
 * clinicians, 81,000 patients, 25 million messages) over three years.
 */
public enum Preset {
    /** For unit tests: 6 clinicians, 150 patients, 3 weeks; about 1,000 messages, well under a second. */
    TINY(6, 150, 21),
    /** One clinic: 50 clinicians, 2,000 patients, 26 weeks; about 100,000 messages. */
    CLINIC(50, 2_000, 182),
    /** The study's scale: 3,000 clinicians, 81,000 patients, 156 weeks; about 25 million messages. */
    STUDY(3_000, 81_000, 1_092);

    private final int clinicians;
    private final int patients;
    private final int days;

    Preset(int clinicians, int patients, int days) {
        this.clinicians = clinicians;
        this.patients = patients;
        this.days = days;
    }

    public int clinicians() {
        return clinicians;
    }

    public int patients() {
        return patients;
    }

    public int days() {
        return days;
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset of(String label) {
        for (Preset preset : values()) {
            if (preset.label().equals(label.toLowerCase(Locale.ROOT))) {
                return preset;
            }
        }
        throw new IllegalArgumentException("unknown preset " + label + " (tiny, clinic or study)");
    }
}
