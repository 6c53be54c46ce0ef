package health.rapport.simulator;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's own bookkeeping of what it emitted, independent of the services: it re-classifies each message
 * from the thread's state with message-service's rules (and fails loudly if that disagrees with the plan), and
 * keeps per clinician the counters the truth file reports. State: a few numbers per clinician and a byte per
 * patient, plus one int per response (its latency, for exact percentiles).
 */
final class TruthRecorder {

    private static final MessageKind[] KINDS = MessageKind.values();
    private static final byte MESSAGED = 1;
    private static final byte INITIATED = 2;

    private final Scenario scenario;
    private final Population population;
    private final WorkCalendar calendar;
    private final int target;
    private final long end;

    private final long[][] counts;
    private final long[] patientMessages;
    private final long[] judged;
    private final long[] withinTarget;
    private final long[] templated;
    private final long[] personal;
    private final long[] encounters;
    private final long[] backlog;
    private final long[] overdue;
    private final long[] oldestUnanswered;
    private final int[][] latencies;
    private final int[] latencyCount;
    private final byte[] patientFlags;

    TruthRecorder(Scenario scenario, Population population, WorkCalendar calendar) {
        this.scenario = scenario;
        this.population = population;
        this.calendar = calendar;
        this.target = scenario.model().targetBusinessDays();
        this.end = scenario.endEpochSecond();
        int n = scenario.clinicians();
        counts = new long[n][KINDS.length];
        patientMessages = new long[n];
        judged = new long[n];
        withinTarget = new long[n];
        templated = new long[n];
        personal = new long[n];
        encounters = new long[n];
        backlog = new long[n];
        overdue = new long[n];
        oldestUnanswered = new long[n];
        Arrays.fill(oldestUnanswered, Long.MAX_VALUE);
        latencies = new int[n][];
        latencyCount = new int[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = new int[16];
        }
        patientFlags = new byte[scenario.patients()];
    }

    void message(ThreadPlan thread, ThreadPlan.Planned message, int index) {
        int c = thread.clinician;
        long sent = message.time();
        boolean patient = message.sender() == ParticipantRole.PATIENT;
        MessageKind kind;
        if (index == 0) {
            kind = patient ? MessageKind.PATIENT_INITIATED : MessageKind.PROVIDER_INITIATED;
        } else if (patient) {
            kind = MessageKind.PATIENT_FOLLOW_UP;
        } else {
            kind = thread.unansweredCount > 0 ? MessageKind.PROVIDER_RESPONSE : MessageKind.PROVIDER_FOLLOW_UP;
        }
        if (kind != message.kind()) {
            throw new IllegalStateException("thread " + thread.id + " message " + (index + 1) + " planned as "
                    + message.kind() + " but classifies as " + kind);
        }
        counts[c][kind.ordinal()]++;
        if (patient) {
            patientMessages[c]++;
            thread.addUnanswered(sent);
            if (kind == MessageKind.PATIENT_INITIATED) {
                patientFlags[thread.patient] |= INITIATED;
            }
            return;
        }
        patientFlags[thread.patient] |= MESSAGED;
        if (kind != MessageKind.PROVIDER_RESPONSE) {
            return;
        }
        long latency = sent - thread.unanswered[0];
        if (latency != message.latencySeconds()) {
            throw new IllegalStateException("thread " + thread.id + ": latency " + latency + " but planned "
                    + message.latencySeconds());
        }
        addLatency(c, latency);
        for (int k = 0; k < thread.unansweredCount; k++) {
            judged[c]++;
            if (sent <= calendar.dueAfterBusinessDays(thread.unanswered[k], target)) {
                withinTarget[c]++;
            }
        }
        thread.unansweredCount = 0;
        if (message.templated()) {
            templated[c]++;
        } else {
            personal[c]++;
        }
    }

    /** A thread's last message was emitted: what is still unanswered stays unanswered at the end. */
    void threadEnded(ThreadPlan thread) {
        int c = thread.clinician;
        for (int k = 0; k < thread.unansweredCount; k++) {
            long sent = thread.unanswered[k];
            backlog[c]++;
            oldestUnanswered[c] = Math.min(oldestUnanswered[c], sent);
            if (calendar.dueAfterBusinessDays(sent, target) <= end) {
                judged[c]++;
                overdue[c]++;
            }
        }
        thread.unansweredCount = 0;
    }

    void encounter(SimEncounter encounter) {
        encounters[encounter.clinicianIndex()]++;
    }

    private void addLatency(int c, long latency) {
        if (latency > Integer.MAX_VALUE) {
            throw new IllegalStateException("latency out of range: " + latency);
        }
        if (latencyCount[c] == latencies[c].length) {
            latencies[c] = Arrays.copyOf(latencies[c], latencies[c].length * 2);
        }
        latencies[c][latencyCount[c]++] = (int) latency;
    }

    Truth finish(long messages, long encounterTotal, long threads) {
        int n = scenario.clinicians();
        long[] messagedPatients = new long[n];
        long[] initiatingPatients = new long[n];
        for (Population.Patient p : population.patients()) {
            if ((patientFlags[p.index()] & MESSAGED) != 0) {
                messagedPatients[p.clinician()]++;
            }
            if ((patientFlags[p.index()] & INITIATED) != 0) {
                initiatingPatients[p.clinician()]++;
            }
        }
        List<ClinicianTruth> clinicians = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            Population.Clinician clinician = population.clinician(c);
            Map<MessageKind, Long> byKind = new EnumMap<>(MessageKind.class);
            for (MessageKind kind : KINDS) {
                byKind.put(kind, counts[c][kind.ordinal()]);
            }
            int[] sorted = Arrays.copyOf(latencies[c], latencyCount[c]);
            latencies[c] = null;
            Arrays.sort(sorted);
            Long median = sorted.length == 0 ? null : Stats.nearestRank(sorted, 50);
            Long p90 = sorted.length == 0 ? null : Stats.nearestRank(sorted, 90);
            long oldest = oldestUnanswered[c];
            clinicians.add(new ClinicianTruth(clinician.id(), clinician.level(), population.panelSize(c),
                    encounters[c], byKind, patientMessages[c], judged[c], withinTarget[c],
                    share(withinTarget[c], judged[c]), median, p90, templated[c], personal[c],
                    share(personal[c], personal[c] + templated[c]), messagedPatients[c], initiatingPatients[c],
                    backlog[c], overdue[c], oldest == Long.MAX_VALUE ? null : Instant.ofEpochSecond(oldest),
                    oldest == Long.MAX_VALUE ? null : end - oldest, ClinicianTruth.Planted.of(clinician)));
        }
        return new Truth(scenario, population, clinicians, messages, encounterTotal, threads);
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
