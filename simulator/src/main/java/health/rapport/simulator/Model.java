package health.rapport.simulator;

/**
 * The behavioural parameters of the simulation. {@link #defaults()} holds the values the presets use; the README
 * has a table of every parameter. Rates are per calendar day unless named otherwise; delays in working time are
 * counted only inside working hours on working days ({@link WorkCalendar}).
 *
 * @param rateRatio                      the planted effect: patients of clinicians at the {@code HIGH}
 *                                       personal-response level initiate threads at this multiple of the rate of
 *                                       patients of {@code LOW} clinicians (the study: +334%, 4.34x)
 * @param highLevelShare                 share of clinicians at the HIGH personal-response level (exact, rounded)
 * @param personalShareHigh              mean share of a HIGH clinician's responses written personally
 * @param personalShareLow               mean share of a LOW clinician's responses written personally
 * @param personalShareSpread            each clinician's personal share is the level's mean plus a uniform draw
 *                                       in [-spread, +spread] (clamped to [0, 1])
 * @param patientInitiationRate          threads a patient of a LOW clinician starts per day, on average
 * @param patientActivityShape           shape of the Gamma(shape, 1/shape) multiplier (mean 1) of each patient's
 *                                       rate: smaller is more unequal
 * @param clinicianInitiationPerPatientYear median, over clinicians, of threads a clinician starts per panel
 *                                       patient per year
 * @param clinicianInitiationSigma       log-normal spread of that propensity over clinicians
 * @param replyDelayMedianMinutes        median of the reply delay in working minutes (log-normal); the
 *                                       population median, each clinician's own median being this times a
 *                                       log-normal speed factor
 * @param replyDelaySigma                shape of the log-normal reply delay (sigma of its logarithm)
 * @param clinicianSpeedSigma            sigma of the log-normal speed factor of each clinician's median delay
 * @param neverAnswerMax                 each clinician leaves a patient message unanswered for good with a
 *                                       probability drawn uniformly in [0, neverAnswerMax]
 * @param targetBusinessDays             reply target: a patient message is answered within target when the
 *                                       response comes at most this many business days after it
 * @param templatesPerClinician          how many templates (smart phrases) each clinician reuses
 * @param nudgeProbability               a patient whose message is still unanswered writes again
 *                                       (PATIENT_FOLLOW_UP) with this probability, after a delay with median
 *                                       {@code nudgeDelayMedianHours} activity hours
 * @param nudgeDelayMedianHours          see nudgeProbability
 * @param patientReplyProbability        a patient answers a clinician's response (a new round) with this
 *                                       probability, times {@code patientReplyDecay} per round already held
 * @param patientReplyDecay              see patientReplyProbability
 * @param patientReplyMedianHours        median delay of a patient's answer, in activity hours
 * @param maxRounds                      at most this many clinician responses in one thread
 * @param providerFollowUpProbability    after the last response of a thread the clinician writes once more
 *                                       (PROVIDER_FOLLOW_UP) 1 to 5 working days later with this probability
 * @param outreachReplyProbability       a patient answers a clinician-initiated thread with this probability
 * @param outreachReminderProbability    otherwise the clinician sends a reminder (PROVIDER_FOLLOW_UP) with this
 *                                       probability
 * @param encountersPerPatientYear       encounters (visits) per patient per year, with the panel clinician
 * @param virtualEncounterShare          share of encounters that are virtual (class VR) rather than ambulatory
 * @param panelSizeSigma                 log-normal spread of panel sizes (patients pick a clinician with
 *                                       probability proportional to a log-normal weight)
 * @param urgentShare                    share of patient-initiated threads with priority {@code urgent}
 */
public record Model(
        double rateRatio,
        double highLevelShare,
        double personalShareHigh,
        double personalShareLow,
        double personalShareSpread,
        double patientInitiationRate,
        double patientActivityShape,
        double clinicianInitiationPerPatientYear,
        double clinicianInitiationSigma,
        double replyDelayMedianMinutes,
        double replyDelaySigma,
        double clinicianSpeedSigma,
        double neverAnswerMax,
        int targetBusinessDays,
        int templatesPerClinician,
        double nudgeProbability,
        double nudgeDelayMedianHours,
        double patientReplyProbability,
        double patientReplyDecay,
        double patientReplyMedianHours,
        int maxRounds,
        double providerFollowUpProbability,
        double outreachReplyProbability,
        double outreachReminderProbability,
        double encountersPerPatientYear,
        double virtualEncounterShare,
        double panelSizeSigma,
        double urgentShare) {

    /** The study's figure: patients of personally responding clinicians initiate 334% more, rounded as the issue has it. */
    public static final double STUDY_RATE_RATIO = 4.3;

    public Model {
        positive("rateRatio", rateRatio);
        probability("highLevelShare", highLevelShare);
        probability("personalShareHigh", personalShareHigh);
        probability("personalShareLow", personalShareLow);
        probability("personalShareSpread", personalShareSpread);
        positive("patientInitiationRate", patientInitiationRate);
        positive("patientActivityShape", patientActivityShape);
        nonNegative("clinicianInitiationPerPatientYear", clinicianInitiationPerPatientYear);
        nonNegative("clinicianInitiationSigma", clinicianInitiationSigma);
        positive("replyDelayMedianMinutes", replyDelayMedianMinutes);
        nonNegative("replyDelaySigma", replyDelaySigma);
        nonNegative("clinicianSpeedSigma", clinicianSpeedSigma);
        probability("neverAnswerMax", neverAnswerMax);
        if (targetBusinessDays < 1) {
            throw new IllegalArgumentException("targetBusinessDays must be at least 1");
        }
        if (templatesPerClinician < 1) {
            throw new IllegalArgumentException("templatesPerClinician must be at least 1");
        }
        probability("nudgeProbability", nudgeProbability);
        positive("nudgeDelayMedianHours", nudgeDelayMedianHours);
        probability("patientReplyProbability", patientReplyProbability);
        probability("patientReplyDecay", patientReplyDecay);
        positive("patientReplyMedianHours", patientReplyMedianHours);
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1");
        }
        probability("providerFollowUpProbability", providerFollowUpProbability);
        probability("outreachReplyProbability", outreachReplyProbability);
        probability("outreachReminderProbability", outreachReminderProbability);
        nonNegative("encountersPerPatientYear", encountersPerPatientYear);
        probability("virtualEncounterShare", virtualEncounterShare);
        nonNegative("panelSizeSigma", panelSizeSigma);
        probability("urgentShare", urgentShare);
    }

    public static Model defaults() {
        return new Model(
                STUDY_RATE_RATIO, // rateRatio
                0.5,              // highLevelShare
                0.85,             // personalShareHigh
                0.30,             // personalShareLow
                0.10,             // personalShareSpread
                0.0345,           // patientInitiationRate (LOW level, per patient-day)
                2.0,              // patientActivityShape
                2.0,              // clinicianInitiationPerPatientYear
                0.5,              // clinicianInitiationSigma
                300,              // replyDelayMedianMinutes (working time: 5 working hours)
                1.3,              // replyDelaySigma
                0.5,              // clinicianSpeedSigma
                0.08,             // neverAnswerMax
                3,                // targetBusinessDays
                3,                // templatesPerClinician
                0.25,             // nudgeProbability
                36,               // nudgeDelayMedianHours
                0.40,             // patientReplyProbability
                0.5,              // patientReplyDecay
                6,                // patientReplyMedianHours
                4,                // maxRounds
                0.06,             // providerFollowUpProbability
                0.45,             // outreachReplyProbability
                0.20,             // outreachReminderProbability
                4.0,              // encountersPerPatientYear
                0.15,             // virtualEncounterShare
                0.35,             // panelSizeSigma
                0.05);            // urgentShare
    }

    public Model withRateRatio(double value) {
        return new Model(value, highLevelShare, personalShareHigh, personalShareLow, personalShareSpread,
                patientInitiationRate, patientActivityShape, clinicianInitiationPerPatientYear,
                clinicianInitiationSigma, replyDelayMedianMinutes, replyDelaySigma, clinicianSpeedSigma,
                neverAnswerMax, targetBusinessDays, templatesPerClinician, nudgeProbability, nudgeDelayMedianHours,
                patientReplyProbability, patientReplyDecay, patientReplyMedianHours, maxRounds,
                providerFollowUpProbability, outreachReplyProbability, outreachReminderProbability,
                encountersPerPatientYear, virtualEncounterShare, panelSizeSigma, urgentShare);
    }

    public Model withPersonalShares(double high, double low) {
        return new Model(rateRatio, highLevelShare, high, low, personalShareSpread,
                patientInitiationRate, patientActivityShape, clinicianInitiationPerPatientYear,
                clinicianInitiationSigma, replyDelayMedianMinutes, replyDelaySigma, clinicianSpeedSigma,
                neverAnswerMax, targetBusinessDays, templatesPerClinician, nudgeProbability, nudgeDelayMedianHours,
                patientReplyProbability, patientReplyDecay, patientReplyMedianHours, maxRounds,
                providerFollowUpProbability, outreachReplyProbability, outreachReminderProbability,
                encountersPerPatientYear, virtualEncounterShare, panelSizeSigma, urgentShare);
    }

    public Model withReplyDelay(double medianMinutes, double sigma) {
        return new Model(rateRatio, highLevelShare, personalShareHigh, personalShareLow, personalShareSpread,
                patientInitiationRate, patientActivityShape, clinicianInitiationPerPatientYear,
                clinicianInitiationSigma, medianMinutes, sigma, clinicianSpeedSigma,
                neverAnswerMax, targetBusinessDays, templatesPerClinician, nudgeProbability, nudgeDelayMedianHours,
                patientReplyProbability, patientReplyDecay, patientReplyMedianHours, maxRounds,
                providerFollowUpProbability, outreachReplyProbability, outreachReminderProbability,
                encountersPerPatientYear, virtualEncounterShare, panelSizeSigma, urgentShare);
    }

    public Model withPatientInitiationRate(double perPatientDay) {
        return new Model(rateRatio, highLevelShare, personalShareHigh, personalShareLow, personalShareSpread,
                perPatientDay, patientActivityShape, clinicianInitiationPerPatientYear,
                clinicianInitiationSigma, replyDelayMedianMinutes, replyDelaySigma, clinicianSpeedSigma,
                neverAnswerMax, targetBusinessDays, templatesPerClinician, nudgeProbability, nudgeDelayMedianHours,
                patientReplyProbability, patientReplyDecay, patientReplyMedianHours, maxRounds,
                providerFollowUpProbability, outreachReplyProbability, outreachReminderProbability,
                encountersPerPatientYear, virtualEncounterShare, panelSizeSigma, urgentShare);
    }

    /** The mean share of templated responses a clinician of the level is given (1 minus its personal share). */
    public double templatedShare(Population.Level level) {
        return 1 - (level == Population.Level.HIGH ? personalShareHigh : personalShareLow);
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
        }
    }
}
