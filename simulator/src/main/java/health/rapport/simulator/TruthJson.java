package health.rapport.simulator;

import health.rapport.events.MessageKind;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;

/** The truth as JSON: one line per clinician ({@code truth.ndjson}) and a run summary ({@code summary.json}). */
public final class TruthJson {

    private TruthJson() {
    }

    /** One clinician's line (no line break). Shares have 6 decimals; times are UTC. */
    public static String line(ClinicianTruth c) {
        StringBuilder out = new StringBuilder(700);
        Json json = new Json(out);
        json.begin().field("clinicianId", c.clinicianId()).field("level", c.level().name())
                .field("panelSize", c.panelSize()).field("encounters", c.encounters());
        json.name("counts").begin();
        for (MessageKind kind : MessageKind.values()) {
            json.field(kind.name(), c.count(kind));
        }
        json.end();
        json.field("patientMessages", c.patientMessages()).field("judged", c.judged())
                .field("answeredWithinTarget", c.answeredWithinTarget())
                .field("withinTargetShare", c.withinTargetShare(), 6)
                .field("responses", c.responses())
                .field("latencyMedianSeconds", c.latencyMedianSeconds())
                .field("latencyP90Seconds", c.latencyP90Seconds())
                .field("responsesTemplated", c.responsesTemplated())
                .field("responsesPersonal", c.responsesPersonal())
                .field("personalShare", c.personalShare(), 6)
                .field("patientsMessaged", c.patientsMessaged())
                .field("patientsInitiating", c.patientsInitiating())
                .field("backlogUnanswered", c.backlogUnanswered())
                .field("backlogOverdue", c.backlogOverdue())
                .field("backlogOldestSentAt", c.backlogOldestSentAt() == null ? null : c.backlogOldestSentAt().toString())
                .field("backlogOldestAgeSeconds", c.backlogOldestAgeSeconds());
        ClinicianTruth.Planted p = c.planted();
        json.name("planted").begin()
                .field("personalShare", p.personalShare(), 6)
                .field("withinTargetProbability", p.withinTargetProbability(), 6)
                .field("neverAnswerProbability", p.neverAnswerProbability(), 6)
                .field("replyDelayMedianMinutes", p.replyDelayMedianMinutes(), 3)
                .field("initiationPerDay", p.initiationPerDay(), 6)
                .field("supervisorId", p.supervisorId())
                .end();
        json.end();
        return out.toString();
    }

    /** The run summary: scenario, model, totals, planted against measured. No timings, so it is reproducible. */
    public static String summary(Truth truth) {
        Scenario s = truth.scenario();
        Model model = s.model();
        StringBuilder out = new StringBuilder(3000);
        Json json = new Json(out);
        json.begin();
        json.name("scenario").begin().field("name", s.name()).field("seed", s.seed())
                .field("idPrefix", s.idPrefix()).field("clinicians", s.clinicians()).field("patients", s.patients())
                .field("start", s.start().toString()).field("days", s.days()).field("zone", s.zone().getId());
        json.name("holidays").beginArray();
        for (LocalDate holiday : s.holidays()) {
            json.value(holiday.toString());
        }
        json.endArray();
        json.name("model").begin();
        for (RecordComponent component : Model.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(model);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value instanceof Integer i) {
                json.field(component.getName(), i.longValue());
            } else {
                json.field(component.getName(), (Double) value, 6);
            }
        }
        json.end().end();
        json.name("totals").begin().field("messages", truth.messages()).field("encounters", truth.encounters())
                .field("threads", truth.threads());
        json.name("counts").begin();
        for (MessageKind kind : MessageKind.values()) {
            json.field(kind.name(), truth.count(kind));
        }
        json.end();
        json.field("backlogUnanswered", truth.backlog()).end();
        Population population = truth.population();
        json.name("planted").begin().field("rateRatio", model.rateRatio(), 6)
                .field("highClinicians", population.count(Population.Level.HIGH))
                .field("lowClinicians", population.count(Population.Level.LOW))
                .field("templatedShareHigh", model.templatedShare(Population.Level.HIGH), 6)
                .field("templatedShareLow", model.templatedShare(Population.Level.LOW), 6)
                .field("replyDelayMedianWorkingMinutes", model.replyDelayMedianMinutes(), 3)
                .field("targetBusinessDays", model.targetBusinessDays()).end();
        json.name("measured").begin().field("rateRatio", truth.measuredRateRatio(), 6)
                .field("patientInitiatedPerPatientHigh", truth.perPatient(Population.Level.HIGH), 6)
                .field("patientInitiatedPerPatientLow", truth.perPatient(Population.Level.LOW), 6)
                .field("templatedShare", truth.templatedShare(), 6)
                .field("templatedShareHigh", truth.templatedShare(Population.Level.HIGH), 6)
                .field("templatedShareLow", truth.templatedShare(Population.Level.LOW), 6)
                .field("withinTargetShare", truth.withinTargetShare(), 6).end();
        json.end();
        return out.toString();
    }
}
