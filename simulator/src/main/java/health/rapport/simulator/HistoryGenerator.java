package health.rapport.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Streams a scenario's history in time order, without holding it: an iterator of {@link SimEvent}s.
 *
 * <p>How: a priority queue merges, by time, one pending item per source: each patient's next thread start (a
 * Poisson process shaped by the {@link PatientClock}), each patient's next encounter and each clinician's next
 * outreach (Poisson processes in working time), and each active thread's next message. A thread is planned in full
 * when it starts ({@link ThreadPlanner}) and leaves the queue after its last message, so the state is
 * O(clinicians + patients + active threads), whatever the span. Ties in time go in the order items were queued,
 * which is itself deterministic.
 *
 * <p>As events are emitted the generator keeps the truth ({@link #truth()}, complete once {@link #hasNext()} is
 * false): kinds re-classified from thread state as message-service does, latencies, targets, templated replies,
 * backlog.
 */
public final class HistoryGenerator implements Iterator<SimEvent> {

    static final long DOMAIN_PATIENT_THREADS = 20;
    static final long DOMAIN_ENCOUNTERS = 21;
    static final long DOMAIN_OUTREACH = 22;

    private static final byte PATIENT_TICK = 0;
    private static final byte CLINICIAN_TICK = 1;
    private static final byte ENCOUNTER_TICK = 2;
    private static final byte THREAD = 3;
    private static final byte ENCOUNTER = 4;

    private static final long SLOT = 15 * 60;

    private final Scenario scenario;
    private final Population population;
    private final Model model;
    private final WorkCalendar calendar;
    private final PatientClock clock;
    private final ThreadPlanner planner;
    private final TruthRecorder truth;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>();
    private final int[] threadSequence;
    private final int[] encounterSequence;
    private final long start;
    private final long end;
    private final double averageWorkingSecondsPerDay;
    private final String prefix;

    private long queued;
    private long now;
    private SimEvent next;
    private long messages;
    private long encounters;
    private long threads;
    private int peakQueue;
    private Truth result;

    public HistoryGenerator(Scenario scenario) {
        this(scenario, Population.generate(scenario));
    }

    public HistoryGenerator(Scenario scenario, Population population) {
        if (population.scenario() != scenario && !population.scenario().equals(scenario)) {
            throw new IllegalArgumentException("the population was generated for another scenario");
        }
        this.scenario = scenario;
        this.population = population;
        this.model = scenario.model();
        this.calendar = scenario.calendar();
        this.clock = new PatientClock(scenario.zone());
        this.planner = new ThreadPlanner(scenario, population, calendar, clock);
        this.truth = new TruthRecorder(scenario, population, calendar);
        this.start = scenario.startEpochSecond();
        this.end = scenario.endEpochSecond();
        this.now = start;
        this.prefix = scenario.idPrefix();
        this.averageWorkingSecondsPerDay = calendar.workdaySeconds() * 5.0 / 7.0;
        int patients = scenario.patients();
        this.threadSequence = new int[patients];
        this.encounterSequence = new int[patients];
        long seed = scenario.seed();
        for (int j = 0; j < patients; j++) {
            Population.Patient patient = population.patient(j);
            Rng threadsRng = Rng.derive(seed, DOMAIN_PATIENT_THREADS, j, 0);
            schedule(new Pending(PATIENT_TICK, j, threadsRng), nextPatientThread(start, patient, threadsRng));
            if (patient.encounterRatePerDay() > 0) {
                Rng encounterRng = Rng.derive(seed, DOMAIN_ENCOUNTERS, j, 0);
                schedule(new Pending(ENCOUNTER_TICK, j, encounterRng),
                        nextWorking(start, patient.encounterRatePerDay(), encounterRng));
            }
        }
        for (Population.Clinician clinician : population.clinicians()) {
            if (population.panelSize(clinician.index()) > 0 && clinician.initiationRatePerDay() > 0) {
                Rng outreachRng = Rng.derive(seed, DOMAIN_OUTREACH, clinician.index(), 0);
                schedule(new Pending(CLINICIAN_TICK, clinician.index(), outreachRng),
                        nextWorking(start, clinician.initiationRatePerDay(), outreachRng));
            }
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    public Population population() {
        return population;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public SimEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SimEvent event = next;
        next = null;
        return event;
    }

    /** The share of the span simulated so far, from 0 to 1. */
    public double progress() {
        if (result != null) {
            return 1;
        }
        return Math.max(0, Math.min(1, (now - start) / (double) (end - start)));
    }

    public long messagesEmitted() {
        return messages;
    }

    public long encountersEmitted() {
        return encounters;
    }

    public long threadsStarted() {
        return threads;
    }

    /** The largest number of pending items (sources and active threads) the generator held at once. */
    public int peakQueueSize() {
        return peakQueue;
    }

    /** The truth of the whole run; call it once {@link #hasNext()} has returned false. */
    public Truth truth() {
        if (result == null) {
            throw new IllegalStateException("the history is not finished yet");
        }
        return result;
    }

    /** Drains the rest of the history into nothing and returns the truth. */
    public Truth drain() {
        while (hasNext()) {
            next();
        }
        return truth();
    }

    private SimEvent advance() {
        while (!queue.isEmpty()) {
            Pending item = queue.poll();
            now = item.time;
            switch (item.type) {
                case THREAD -> {
                    return emitMessage(item);
                }
                case ENCOUNTER -> {
                    encounters++;
                    truth.encounter(item.encounter);
                    return item.encounter;
                }
                case PATIENT_TICK -> {
                    startThread(item.entity, true, item.time);
                    schedule(item, nextPatientThread(item.time, population.patient(item.entity), item.rng));
                }
                case CLINICIAN_TICK -> {
                    int panel = population.panelSize(item.entity);
                    int patient = population.panelMember(item.entity, item.rng.nextInt(panel));
                    startThread(patient, false, item.time);
                    schedule(item, nextWorking(item.time, population.clinician(item.entity).initiationRatePerDay(),
                            item.rng));
                }
                case ENCOUNTER_TICK -> {
                    planEncounter(item.entity, item.time, item.rng);
                    schedule(item, nextWorking(item.time, population.patient(item.entity).encounterRatePerDay(),
                            item.rng));
                }
                default -> throw new IllegalStateException("unknown item " + item.type);
            }
        }
        if (result == null) {
            now = end;
            result = truth.finish(messages, encounters, threads);
        }
        return null;
    }

    private void startThread(int patient, boolean byPatient, long time) {
        int sequence = ++threadSequence[patient];
        ThreadPlan thread = planner.plan(patient, sequence, byPatient, time);
        threads++;
        Pending item = new Pending(THREAD, patient, null);
        item.thread = thread;
        schedule(item, thread.time(0));
    }

    private SimMessage emitMessage(Pending item) {
        ThreadPlan thread = item.thread;
        int index = thread.cursor++;
        ThreadPlan.Planned planned = thread.messages.get(index);
        truth.message(thread, planned, index);
        if (thread.cursor < thread.size()) {
            schedule(item, thread.time(thread.cursor));
        } else {
            truth.threadEnded(thread);
        }
        messages++;
        Population.Patient patient = population.patient(thread.patient);
        Population.Clinician clinician = population.clinician(thread.clinician);
        List<String> inResponseTo;
        int[] refs = planned.inResponseTo();
        if (refs.length == 0) {
            inResponseTo = List.of();
        } else {
            List<String> ids = new ArrayList<>(refs.length);
            for (int r : refs) {
                ids.add(thread.messageIds.get(r));
            }
            inResponseTo = List.copyOf(ids);
        }
        return new SimMessage(thread.messageIds.get(index), thread.id, index + 1, patient.index(), patient.id(),
                clinician.index(), clinician.id(), planned.sender(), Instant.ofEpochSecond(planned.time()),
                inResponseTo, thread.category, thread.priority, thread.subject, planned.text(), planned.kind(),
                planned.templated(), planned.latencySeconds(), planned.workingDelaySeconds());
    }

    private void planEncounter(int patientIndex, long time, Rng rng) {
        long begin = time - Math.floorMod(time, SLOT);
        boolean virtual = rng.chance(model.virtualEncounterShare());
        long minutes = virtual ? rng.nextInt(1, 3) * 10L : rng.nextInt(1, 3) * 15L;
        long finish = begin + minutes * 60;
        if (finish >= end) {
            return;
        }
        Population.Patient patient = population.patient(patientIndex);
        Population.Clinician clinician = population.clinician(patient.clinician());
        int sequence = ++encounterSequence[patientIndex];
        Pending item = new Pending(ENCOUNTER, patientIndex, null);
        item.encounter = new SimEncounter(Ids.encounter(prefix, patientIndex, sequence), patientIndex,
                patient.id(), clinician.index(), clinician.id(), virtual ? "VR" : "AMB", Instant.ofEpochSecond(begin),
                Instant.ofEpochSecond(finish));
        schedule(item, finish);
    }

    /** The patient's next thread start: an exponential gap in activity time. */
    private long nextPatientThread(long from, Population.Patient patient, Rng rng) {
        double days = rng.nextExponential() / patient.initiationRatePerDay();
        if (days * 24 > (end - from) / 3600.0 * 4 + 24 * 14) {
            return Long.MAX_VALUE; // far beyond the span whatever the weekly profile
        }
        return clock.advance(from, days * 24);
    }

    /** The next event of a Poisson process with the given rate per calendar day, run in working time. */
    private long nextWorking(long from, double ratePerDay, Rng rng) {
        double seconds = rng.nextExponential() / ratePerDay * averageWorkingSecondsPerDay;
        if (seconds > (end - from) + 30.0 * 86_400) {
            return Long.MAX_VALUE;
        }
        return calendar.addWorkingSeconds(from, Math.max(1, StrictMath.round(seconds)));
    }

    private void schedule(Pending item, long time) {
        if (time >= end) {
            return;
        }
        item.time = time;
        item.order = queued++;
        queue.add(item);
        if (queue.size() > peakQueue) {
            peakQueue = queue.size();
        }
    }

    /** One item of the merge: a source's next occurrence, a thread's next message or an encounter to emit. */
    private static final class Pending implements Comparable<Pending> {
        final byte type;
        final int entity;
        final Rng rng;
        long time;
        long order;
        ThreadPlan thread;
        SimEncounter encounter;

        Pending(byte type, int entity, Rng rng) {
            this.type = type;
            this.entity = entity;
            this.rng = rng;
        }

        @Override
        public int compareTo(Pending other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
