package health.rapport.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The clinicians with their individual propensities, and the patients, each attached to one clinician (the panel).
 * Generated from the scenario alone ({@link #generate}); each person's attributes come from that person's own
 * random stream, so they do not depend on the order of generation.
 */
public final class Population {

    /** A clinician's personal-response level: the planted effect's two groups. */
    public enum Level {
        /** Writes most responses personally; their patients initiate {@code rateRatio} times as often. */
        HIGH,
        /** Reuses templates for most responses. */
        LOW
    }

    /**
     * A clinician and the propensities the simulation gives them.
     *
     * @param index                  0-based position, the order of the truth file
     * @param id                     FHIR logical id of the Practitioner
     * @param supervisorId           the team lead's id (teams of 8 in id order); null for a team lead
     * @param personalShare          probability that a response is written personally (else a template)
     * @param initiationRatePerDay   threads this clinician starts per day (for the whole panel)
     * @param replyDelayMedianSeconds median reply delay in working seconds (log-normal, {@code replyDelaySigma})
     * @param neverAnswerProbability probability that a patient message is never answered
     * @param withinTargetProbability probability that a patient message is answered within the target
     *                               ({@code targetBusinessDays}): derived from the two above, exact without
     *                               holidays
     * @param templates              the clinician's templates, digit slots unfilled
     */
    public record Clinician(int index, String id, String given, String surname, String supervisorId, Level level,
            double personalShare, double initiationRatePerDay, double replyDelayMedianSeconds,
            double neverAnswerProbability, double withinTargetProbability, List<String> templates) {

        public String display() {
            return "Dr. " + given + " " + surname;
        }

        public double templateProbability() {
            return 1 - personalShare;
        }
    }

    /**
     * A patient.
     *
     * @param clinician            index of the panel clinician
     * @param initiationRatePerDay threads this patient starts per day (the planted effect included)
     * @param encounterRatePerDay  encounters per day
     */
    public record Patient(int index, String id, String given, String surname, int clinician,
            double initiationRatePerDay, double encounterRatePerDay) {

        public String display() {
            return given + " " + surname;
        }
    }

    static final long DOMAIN_CLINICIAN = 1;
    static final long DOMAIN_PATIENT = 2;
    static final long DOMAIN_LEVELS = 3;
    static final int TEAM_SIZE = 8;

    private final Scenario scenario;
    private final List<Clinician> clinicians;
    private final List<Patient> patients;
    private final int[][] panels;

    private Population(Scenario scenario, List<Clinician> clinicians, List<Patient> patients, int[][] panels) {
        this.scenario = scenario;
        this.clinicians = clinicians;
        this.patients = patients;
        this.panels = panels;
    }

    public static Population generate(Scenario scenario) {
        Model model = scenario.model();
        long seed = scenario.seed();
        String prefix = scenario.idPrefix();
        int n = scenario.clinicians();

        // Exactly round(highLevelShare * n) HIGH clinicians, chosen by a seeded shuffle.
        int high = (int) StrictMath.round(model.highLevelShare() * n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng shuffle = Rng.derive(seed, DOMAIN_LEVELS, 0, 0);
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Level[] levels = new Level[n];
        for (int k = 0; k < n; k++) {
            levels[order[k]] = k < high ? Level.HIGH : Level.LOW;
        }

        double targetSeconds = model.targetBusinessDays() * (double) scenario.calendar().workdaySeconds();
        double medianSeconds = model.replyDelayMedianMinutes() * 60;
        List<Clinician> clinicians = new ArrayList<>(n);
        double[] panelWeights = new double[n];
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            Rng rng = Rng.derive(seed, DOMAIN_CLINICIAN, i, 0);
            String given = Names.given(rng);
            String surname = Names.surname(rng);
            double mean = levels[i] == Level.HIGH ? model.personalShareHigh() : model.personalShareLow();
            double personal = clamp(mean + rng.nextDouble(-1, 1) * model.personalShareSpread());
            double initiationPerPatientYear = rng.nextLogNormal(model.clinicianInitiationPerPatientYear(),
                    model.clinicianInitiationSigma());
            double median = rng.nextLogNormal(medianSeconds, model.clinicianSpeedSigma());
            double never = rng.nextDouble() * model.neverAnswerMax();
            double withinTarget = (1 - never) * (model.replyDelaySigma() == 0
                    ? (median <= targetSeconds ? 1 : 0)
                    : Stats.normalCdf(StrictMath.log(targetSeconds / median) / model.replyDelaySigma()));
            cumulative += rng.nextLogNormal(1, model.panelSizeSigma());
            panelWeights[i] = cumulative;
            List<String> templates = Texts.templates(surname, model.templatesPerClinician(), rng);
            String supervisor = i % TEAM_SIZE == 0 ? null : Ids.practitioner(prefix, i - i % TEAM_SIZE);
            // The panel's size is known only below; the per-day rate is set then.
            clinicians.add(new Clinician(i, Ids.practitioner(prefix, i), given, surname, supervisor, levels[i],
                    personal, initiationPerPatientYear, median, never, withinTarget, templates));
        }

        int m = scenario.patients();
        int[] clinicianOf = new int[m];
        int[] panelSize = new int[n];
        List<Patient> patients = new ArrayList<>(m);
        double shape = model.patientActivityShape();
        for (int j = 0; j < m; j++) {
            Rng rng = Rng.derive(seed, DOMAIN_PATIENT, j, 0);
            int c = rng.pickCumulative(panelWeights);
            clinicianOf[j] = c;
            panelSize[c]++;
            double activity = rng.nextGamma(shape, 1 / shape);
            double rate = model.patientInitiationRate() * activity
                    * (levels[c] == Level.HIGH ? model.rateRatio() : 1.0);
            patients.add(new Patient(j, Ids.patient(prefix, j), Names.given(rng), Names.surname(rng), c, rate,
                    model.encountersPerPatientYear() / 365.25));
        }
        int[][] panels = new int[n][];
        for (int i = 0; i < n; i++) {
            panels[i] = new int[panelSize[i]];
        }
        int[] fill = new int[n];
        for (int j = 0; j < m; j++) {
            int c = clinicianOf[j];
            panels[c][fill[c]++] = j;
        }
        for (int i = 0; i < n; i++) {
            Clinician c = clinicians.get(i);
            clinicians.set(i, new Clinician(c.index(), c.id(), c.given(), c.surname(), c.supervisorId(), c.level(),
                    c.personalShare(), c.initiationRatePerDay() * panelSize[i] / 365.25,
                    c.replyDelayMedianSeconds(), c.neverAnswerProbability(), c.withinTargetProbability(),
                    c.templates()));
        }
        return new Population(scenario, Collections.unmodifiableList(clinicians),
                Collections.unmodifiableList(patients), panels);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** In index order, which is id order. */
    public List<Clinician> clinicians() {
        return clinicians;
    }

    /** In index order, which is id order. */
    public List<Patient> patients() {
        return patients;
    }

    public Clinician clinician(int index) {
        return clinicians.get(index);
    }

    public Patient patient(int index) {
        return patients.get(index);
    }

    public int panelSize(int clinician) {
        return panels[clinician].length;
    }

    /** The patient indices of a clinician's panel, ascending (a copy). */
    public int[] panel(int clinician) {
        return panels[clinician].clone();
    }

    int panelMember(int clinician, int k) {
        return panels[clinician][k];
    }

    public long count(Level level) {
        return clinicians.stream().filter(c -> c.level() == level).count();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Population[%d clinicians (%d HIGH), %d patients]", clinicians.size(),
                count(Level.HIGH), patients.size());
    }

    private static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
