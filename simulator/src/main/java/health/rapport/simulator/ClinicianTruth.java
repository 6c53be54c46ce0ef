package health.rapport.simulator;

import health.rapport.events.MessageKind;
import java.time.Instant;
import java.util.Map;

/**
 * What the simulation did for one clinician: the counters and measures Rapport's services should arrive at from
 * the emitted resources, computed by the generator itself. One line of {@code truth.ndjson}.
 *
 * <p>Definitions. A patient message is <em>judged</em> once it is answered (by a PROVIDER_RESPONSE of its thread)
 * or its due time has passed by the end of the span; it is <em>within target</em> when its response came at or
 * before its due time ({@link WorkCalendar#dueAfterBusinessDays}: {@code targetBusinessDays} business days, Mon to
 * Fri minus holidays, same local clock time). Latency is the seconds from the oldest unanswered patient message to
 * the response, as message-service reports it; percentiles are exact nearest-rank over all responses. The
 * backlog is what is unanswered at the end of the span; {@code backlogOverdue} of it is past due.
 *
 * @param counts                  messages of each kind in the clinician's threads
 * @param patientMessages         PATIENT_INITIATED plus PATIENT_FOLLOW_UP
 * @param withinTargetShare       answeredWithinTarget / judged; null when nothing was judged
 * @param responsesTemplated      PROVIDER_RESPONSEs written from a template (by construction)
 * @param personalShare           responsesPersonal / (responsesPersonal + responsesTemplated); null without
 *                                responses
 * @param patientsMessaged        distinct patients the clinician sent at least one message to
 * @param patientsInitiating      distinct patients who started at least one thread with the clinician
 * @param backlogOldestAgeSeconds end of span minus the oldest unanswered message's time
 * @param planted                 the clinician's propensities as drawn
 */
public record ClinicianTruth(String clinicianId, Population.Level level, int panelSize, long encounters,
        Map<MessageKind, Long> counts, long patientMessages, long judged, long answeredWithinTarget,
        Double withinTargetShare, Long latencyMedianSeconds, Long latencyP90Seconds, long responsesTemplated,
        long responsesPersonal, Double personalShare, long patientsMessaged, long patientsInitiating,
        long backlogUnanswered, long backlogOverdue, Instant backlogOldestSentAt, Long backlogOldestAgeSeconds,
        Planted planted) {

    public ClinicianTruth {
        counts = Map.copyOf(counts);
    }

    public long count(MessageKind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    public long responses() {
        return count(MessageKind.PROVIDER_RESPONSE);
    }

    /**
     * The propensities the population gave the clinician.
     *
     * @param replyDelayMedianMinutes median reply delay in working minutes
     * @param initiationPerDay        threads the clinician starts per day
     */
    public record Planted(double personalShare, double withinTargetProbability, double neverAnswerProbability,
            double replyDelayMedianMinutes, double initiationPerDay, String supervisorId) {

        static Planted of(Population.Clinician c) {
            return new Planted(c.personalShare(), c.withinTargetProbability(), c.neverAnswerProbability(),
                    c.replyDelayMedianSeconds() / 60, c.initiationRatePerDay(), c.supervisorId());
        }
    }
}
