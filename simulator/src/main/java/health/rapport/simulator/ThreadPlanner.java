package health.rapport.simulator;

import static health.rapport.events.MessageKind.PATIENT_FOLLOW_UP;
import static health.rapport.events.MessageKind.PATIENT_INITIATED;
import static health.rapport.events.MessageKind.PROVIDER_FOLLOW_UP;
import static health.rapport.events.MessageKind.PROVIDER_INITIATED;
import static health.rapport.events.MessageKind.PROVIDER_RESPONSE;
import static health.rapport.events.ParticipantRole.CLINICIAN;
import static health.rapport.events.ParticipantRole.PATIENT;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import health.rapport.simulator.ThreadPlan.Planned;
import java.util.List;

/**
 * Plans a thread from its start: who writes when, in which kind, with which text.
 *
 * <p>A patient-initiated thread: the patient writes; the clinician either never answers (their
 * {@code neverAnswerProbability}) or answers after a log-normal delay in working time; meanwhile the patient may
 * write again (a nudge, answered by the same response); after a response the patient may answer (a new round,
 * less likely each round), or else the clinician may write a follow-up. A clinician-initiated thread: the
 * clinician writes; the patient may answer, which continues as above, or else the clinician may send a reminder.
 * Kinds follow message-service's rules (first message by sender; later patient messages are follow-ups; a
 * clinician message is a response while a patient message is unanswered, else a follow-up).
 *
 * <p>Planning stops at the first message at or after the span's end, so a shorter span gives a prefix of the
 * same thread: the random draws before that point do not depend on the span.
 */
final class ThreadPlanner {

    static final long DOMAIN_THREAD = 10;
    private static final int[] NONE = new int[0];

    private final Scenario scenario;
    private final Population population;
    private final Model model;
    private final WorkCalendar calendar;
    private final PatientClock clock;
    private final long end;
    private final long workday;
    private final String prefix;

    ThreadPlanner(Scenario scenario, Population population, WorkCalendar calendar, PatientClock clock) {
        this.scenario = scenario;
        this.population = population;
        this.model = scenario.model();
        this.calendar = calendar;
        this.clock = clock;
        this.end = scenario.endEpochSecond();
        this.workday = calendar.workdaySeconds();
        this.prefix = scenario.idPrefix();
    }

    ThreadPlan plan(int patientIndex, int sequence, boolean byPatient, long start) {
        Rng rng = Rng.derive(scenario.seed(), DOMAIN_THREAD, patientIndex, sequence);
        Population.Patient patient = population.patient(patientIndex);
        Population.Clinician clinician = population.clinician(patient.clinician());
        Texts.Context context = new Texts.Context(patient.given(), clinician.surname());
        String category;
        String subject;
        String priority;
        if (byPatient) {
            category = Texts.patientCategory(rng);
            subject = Texts.subject(category, rng);
            priority = rng.chance(model.urgentShare()) ? "urgent" : "routine";
        } else {
            category = Texts.outreachCategory(rng);
            subject = Texts.outreachSubject(rng);
            priority = "routine";
        }
        ThreadPlan thread = new ThreadPlan(Ids.thread(prefix, patientIndex, sequence), patientIndex,
                clinician.index(), category, priority, subject);
        IntList unanswered = new IntList();
        if (byPatient) {
            thread.add(message(start, PATIENT, PATIENT_INITIATED, NONE, Texts.patientInitial(category, context, rng)));
            unanswered.add(0);
        } else {
            thread.add(message(start, CLINICIAN, PROVIDER_INITIATED, NONE, Texts.outreach(context, rng)));
            if (rng.chance(model.outreachReplyProbability())) {
                long answer = clock.advance(start, rng.nextLogNormal(model.patientReplyMedianHours(), 1.0));
                if (answer >= end) {
                    return thread;
                }
                thread.add(message(answer, PATIENT, PATIENT_FOLLOW_UP, new int[] {0}, Texts.patientReply(context, rng)));
                unanswered.add(1);
            } else {
                if (rng.chance(model.outreachReminderProbability())) {
                    long reminder = calendar.addWorkingSeconds(start, 5 * workday + rng.nextInt((int) workday));
                    if (reminder < end) {
                        thread.add(message(reminder, CLINICIAN, PROVIDER_FOLLOW_UP, NONE,
                                Texts.providerFollowUp(context, rng)));
                    }
                }
                return thread;
            }
        }

        int rounds = 0;
        while (unanswered.size() > 0) {
            long oldest = thread.time(unanswered.get(0));
            boolean answers = !rng.chance(clinician.neverAnswerProbability());
            long delay = -1;
            long reply = Long.MAX_VALUE;
            if (answers) {
                double drawn = rng.nextLogNormal(clinician.replyDelayMedianSeconds(), model.replyDelaySigma());
                delay = Math.max(60L, Math.min(250 * workday, StrictMath.round(drawn)));
                reply = calendar.addWorkingSeconds(oldest, delay);
            }
            if (rng.chance(model.nudgeProbability())) {
                long nudge = clock.advance(thread.lastTime(),
                        rng.nextLogNormal(model.nudgeDelayMedianHours(), 0.6));
                if (nudge < reply) {
                    if (nudge >= end) {
                        return thread;
                    }
                    thread.add(message(nudge, PATIENT, PATIENT_FOLLOW_UP, NONE, Texts.nudge(context, rng)));
                    unanswered.add(thread.size() - 1);
                }
            }
            if (!answers) {
                return thread;
            }
            reply = Math.max(reply, thread.lastTime() + 1);
            if (reply >= end) {
                return thread;
            }
            boolean templated = rng.chance(clinician.templateProbability());
            List<String> templates = clinician.templates();
            String text = templated ? Texts.fillTemplate(templates.get(rng.nextInt(templates.size())), rng)
                    : Texts.personalReply(context, rng);
            thread.add(new Planned(reply, CLINICIAN, PROVIDER_RESPONSE, unanswered.toArray(), text, templated,
                    reply - oldest, delay));
            unanswered.clear();
            rounds++;
            double again = model.patientReplyProbability() * StrictMath.pow(model.patientReplyDecay(), rounds - 1);
            if (rounds < model.maxRounds() && rng.chance(again)) {
                long answer = clock.advance(reply, rng.nextLogNormal(model.patientReplyMedianHours(), 1.0));
                if (answer >= end) {
                    return thread;
                }
                thread.add(message(answer, PATIENT, PATIENT_FOLLOW_UP, new int[] {thread.size() - 1},
                        Texts.patientReply(context, rng)));
                unanswered.add(thread.size() - 1);
            } else if (rng.chance(model.providerFollowUpProbability())) {
                long followUp = calendar.addWorkingSeconds(reply,
                        rng.nextInt(1, 5) * workday + rng.nextInt((int) workday));
                if (followUp < end) {
                    thread.add(message(followUp, CLINICIAN, PROVIDER_FOLLOW_UP, NONE,
                            Texts.providerFollowUp(context, rng)));
                }
            }
        }
        return thread;
    }

    private static Planned message(long time, ParticipantRole sender, MessageKind kind, int[] inResponseTo,
            String text) {
        return new Planned(time, sender, kind, inResponseTo, text, false, -1, -1);
    }

    /** A tiny growable int list. */
    static final class IntList {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
