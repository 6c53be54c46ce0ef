package health.rapport.bench;

import health.rapport.events.CloudEvent;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.ParticipantRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Seeded stand-ins for Rapport's data, shaped like the real thing: ids as the services make them (random UUIDs
 * for threads, messages and events; FHIR logical ids for people), the study's population (about 3,000 clinicians,
 * 81,000 patients), its kinds of message in plausible proportions, and portal message bodies of realistic length.
 * Until the simulator (module simulator) can feed the benchmarks, this is what they send and store.
 */
public final class RealisticData {

    public static final int CLINICIANS = 3_000;
    public static final int PATIENTS = 81_000;
    public static final String SOURCE = "/rapport/message-service";
    public static final List<String> CATEGORIES =
            List.of("medical-question", "prescription", "appointment", "billing", "test-results", "other");

    private static final String[] WORDS = ("the a my i you your is was have has been since after before it "
            + "pain dose doctor medication refill pharmacy appointment morning night week days results blood "
            + "pressure test lab please thanks thank could would can should question side effects symptoms "
            + "fever cough better worse still again schedule follow up visit clinic today tomorrow monday "
            + "prescription insurance referral sleep headache tablet mg twice daily advice normal range").split(" ");

    private final SplittableRandom random;
    private Instant clock = Instant.parse("2025-03-03T08:00:00Z");

    public RealisticData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * How busy each clinician is: log-normal weights (sigma 0.8, fixed seed), so some clinicians carry several
     * times the median load, as panel sizes and specialties make them, without one clinician dominating.
     */
    private static final double[] ACTIVITY = activity(CLINICIANS, 0.8, 2017);

    /** A clinician id ({@code pract-1} ... {@code pract-3000}) drawn by activity. */
    public String clinician() {
        return "pract-" + clinicianRank();
    }

    public String patient() {
        return "pat-" + (10_000 + random.nextInt(PATIENTS));
    }

    /** The kinds of message in rough study proportions: patients write most, clinicians mostly respond. */
    public MessageKind kind() {
        int draw = random.nextInt(100);
        if (draw < 30) {
            return MessageKind.PATIENT_INITIATED;
        } else if (draw < 55) {
            return MessageKind.PATIENT_FOLLOW_UP;
        } else if (draw < 85) {
            return MessageKind.PROVIDER_RESPONSE;
        } else if (draw < 92) {
            return MessageKind.PROVIDER_INITIATED;
        }
        return MessageKind.PROVIDER_FOLLOW_UP;
    }

    /** Portal message text: log-normal length around 350 characters (20 to 4,000). */
    public String body() {
        int length = (int) Math.max(20, Math.min(4_000, Math.exp(Math.log(350) + 0.6 * gaussian())));
        StringBuilder text = new StringBuilder(length + 16);
        boolean sentenceStart = true;
        while (text.length() < length) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (sentenceStart) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            text.append(word);
            sentenceStart = random.nextInt(12) == 0;
            text.append(sentenceStart ? ". " : " ");
        }
        return text.substring(0, length);
    }

    /** Advances a simulated clock by a few seconds to minutes: messages arrive in time order. */
    public Instant nextTime() {
        clock = clock.plusMillis(1 + random.nextInt(20_000));
        return clock.truncatedTo(ChronoUnit.MICROS);
    }

    public long fingerprint() {
        return random.nextLong();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /** A MessageSent event as message-service writes it into the outbox, of a random kind. */
    public CloudEvent<MessageSent> messageSent() {
        MessageKind kind = kind();
        boolean patientSends = kind == MessageKind.PATIENT_INITIATED || kind == MessageKind.PATIENT_FOLLOW_UP;
        String patient = patient();
        String clinician = clinician();
        boolean response = kind == MessageKind.PROVIDER_RESPONSE;
        List<String> answered = null;
        if (response) {
            answered = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                answered.add(uuid().toString());
            }
        }
        boolean firstOfThread = kind == MessageKind.PATIENT_INITIATED || kind == MessageKind.PROVIDER_INITIATED;
        Instant sentAt = nextTime();
        MessageSent data = new MessageSent(uuid().toString(), uuid().toString(), patient, clinician,
                patientSends ? patient : clinician, patientSends ? ParticipantRole.PATIENT : ParticipantRole.CLINICIAN,
                kind, "portal", CATEGORIES.get(random.nextInt(CATEGORIES.size())),
                random.nextInt(10) == 0 ? "urgent" : "routine", sentAt,
                !firstOfThread && random.nextBoolean() ? uuid().toString() : null,
                response ? (long) (60 + random.nextInt(72 * 3600)) : null, answered,
                String.format("%016x", random.nextLong()), (int) Math.exp(Math.log(350) + 0.6 * gaussian()));
        return CloudEvent.of(uuid().toString(), SOURCE, sentAt, data);
    }

    /** A 1-based clinician number, drawn with probability proportional to its activity weight. */
    int clinicianRank() {
        int index = java.util.Arrays.binarySearch(ACTIVITY, random.nextDouble());
        return (index < 0 ? -index - 1 : index) + 1;
    }

    /** The cumulative distribution of n log-normal weights, busiest first. */
    static double[] activity(int n, double sigma, long seed) {
        SplittableRandom seeded = new SplittableRandom(seed);
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = seeded.nextDouble();
            double u2 = seeded.nextDouble();
            weights[i] = Math.exp(sigma * Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2));
        }
        java.util.Arrays.sort(weights);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] cumulative = new double[n];
        double running = 0;
        for (int i = 0; i < n; i++) {
            running += weights[n - 1 - i];
            cumulative[i] = running / total;
        }
        cumulative[n - 1] = 1.0;
        return cumulative;
    }

    private double gaussian() {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
    }
}
