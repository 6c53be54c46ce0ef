package health.rapport.simulator;

import health.rapport.events.MessageKind;
import java.util.List;
import java.util.Optional;

/**
 * The truth of a whole run: one {@link ClinicianTruth} per clinician (in id order) and the totals, with the
 * planted effects as measured on what was emitted.
 */
public final class Truth {

    private final Scenario scenario;
    private final Population population;
    private final List<ClinicianTruth> clinicians;
    private final long messages;
    private final long encounters;
    private final long threads;

    Truth(Scenario scenario, Population population, List<ClinicianTruth> clinicians, long messages, long encounters,
            long threads) {
        this.scenario = scenario;
        this.population = population;
        this.clinicians = List.copyOf(clinicians);
        this.messages = messages;
        this.encounters = encounters;
        this.threads = threads;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Population population() {
        return population;
    }

    /** In id order. */
    public List<ClinicianTruth> clinicians() {
        return clinicians;
    }

    public Optional<ClinicianTruth> clinician(String id) {
        return clinicians.stream().filter(c -> c.clinicianId().equals(id)).findFirst();
    }

    public long messages() {
        return messages;
    }

    public long encounters() {
        return encounters;
    }

    public long threads() {
        return threads;
    }

    public long count(MessageKind kind) {
        return clinicians.stream().mapToLong(c -> c.count(kind)).sum();
    }

    /**
     * The planted effect as measured: PATIENT_INITIATED messages per patient for patients of HIGH clinicians,
     * divided by the same for LOW clinicians' patients. NaN when a group has no patients or no initiations.
     */
    public double measuredRateRatio() {
        double high = perPatient(Population.Level.HIGH);
        double low = perPatient(Population.Level.LOW);
        return low > 0 ? high / low : Double.NaN;
    }

    /** PATIENT_INITIATED messages per patient of the level's clinicians, over the span. */
    public double perPatient(Population.Level level) {
        long initiated = 0;
        long patients = 0;
        for (ClinicianTruth c : clinicians) {
            if (c.level() == level) {
                initiated += c.count(MessageKind.PATIENT_INITIATED);
                patients += c.panelSize();
            }
        }
        return patients == 0 ? Double.NaN : initiated / (double) patients;
    }

    /** Templated responses / all responses. */
    public double templatedShare() {
        long templated = clinicians.stream().mapToLong(ClinicianTruth::responsesTemplated).sum();
        long responses = clinicians.stream().mapToLong(ClinicianTruth::responses).sum();
        return responses == 0 ? Double.NaN : templated / (double) responses;
    }

    /** Templated responses / responses, among the level's clinicians. */
    public double templatedShare(Population.Level level) {
        long templated = 0;
        long responses = 0;
        for (ClinicianTruth c : clinicians) {
            if (c.level() == level) {
                templated += c.responsesTemplated();
                responses += c.responses();
            }
        }
        return responses == 0 ? Double.NaN : templated / (double) responses;
    }

    /** Patient messages answered within target / judged patient messages. */
    public double withinTargetShare() {
        long within = clinicians.stream().mapToLong(ClinicianTruth::answeredWithinTarget).sum();
        long judged = clinicians.stream().mapToLong(ClinicianTruth::judged).sum();
        return judged == 0 ? Double.NaN : within / (double) judged;
    }

    public long backlog() {
        return clinicians.stream().mapToLong(ClinicianTruth::backlogUnanswered).sum();
    }
}
