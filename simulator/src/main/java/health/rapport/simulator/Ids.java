package health.rapport.simulator;

/**
 * Resource ids. Every id starts with the run's prefix ({@link Scenario#idPrefix()}, from the seed), then names
 * what it is and the entity's number; they are FHIR ids (letters, digits, '-', at most 64 characters).
 *
 * <ul>
 * <li>Practitioner {@code s1f2e3d-prac-00042}</li>
 * <li>Patient {@code s1f2e3d-pat-000123}</li>
 * <li>thread {@code s1f2e3d-thr-000123-0007}: the patient's 7th thread (numbered from 1)</li>
 * <li>Communication {@code s1f2e3d-com-000123-0007-02}: the thread's 2nd message</li>
 * <li>Encounter {@code s1f2e3d-enc-000123-0003}: the patient's 3rd encounter</li>
 * </ul>
 * Numbers are zero-padded to the widths shown and grow wider past them.
 */
public final class Ids {

    private Ids() {
    }

    public static String practitioner(String prefix, int clinician) {
        return pad(new StringBuilder(prefix).append("-prac-"), clinician, 5).toString();
    }

    public static String patient(String prefix, int patient) {
        return pad(new StringBuilder(prefix).append("-pat-"), patient, 6).toString();
    }

    public static String thread(String prefix, int patient, int sequence) {
        return pad(pad(new StringBuilder(32).append(prefix).append("-thr-"), patient, 6).append('-'), sequence, 4)
                .toString();
    }

    /** The thread's message: "thr" becomes "com" and the 1-based index is added ({@code -01}). */
    public static String message(String threadId, int index) {
        int at = threadId.indexOf("-thr-");
        StringBuilder id = new StringBuilder(threadId.length() + 4).append(threadId, 0, at).append("-com-")
                .append(threadId, at + 5, threadId.length()).append('-');
        return pad(id, index, 2).toString();
    }

    public static String encounter(String prefix, int patient, int sequence) {
        return pad(pad(new StringBuilder(32).append(prefix).append("-enc-"), patient, 6).append('-'), sequence, 4)
                .toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("negative id number");
        }
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
