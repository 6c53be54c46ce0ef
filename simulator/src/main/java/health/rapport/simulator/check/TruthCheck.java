package health.rapport.simulator.check;

import com.fasterxml.jackson.databind.JsonNode;
import health.rapport.events.MessageKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares engagement-service's summary of a clinician (the JSON of {@code GET /api/v1/engagement/providers/{id}})
 * with the counters recomputed from message-service's tables: counts must be equal, latency percentiles within
 * the histogram's stated relative error (plus a second for rounding).
 */
public final class TruthCheck {

    /** engagement-service's histogram error bound (LatencyHistogram.RELATIVE_ERROR, 0.0247), rounded up. */
    public static final double LATENCY_TOLERANCE = 0.025;

    private TruthCheck() {
    }

    /** The differences, one line each; empty when engagement-service agrees with the truth. */
    public static List<String> differences(MessageTableTruth.Counters truth, JsonNode summary) {
        List<String> out = new ArrayList<>();
        for (MessageKind kind : MessageKind.values()) {
            equal(out, "counts." + kind, truth.counts().get(kind), summary.path("counts").path(kind.name()));
        }
        JsonNode replies = summary.path("replies");
        equal(out, "replies.patientMessages", truth.patientMessages(), replies.path("patientMessages"));
        equal(out, "replies.answered", truth.answered(), replies.path("answered"));
        equal(out, "replies.answeredWithinTarget", truth.answeredWithinTarget(), replies.path("answeredWithinTarget"));
        equal(out, "replies.overdueUnanswered", truth.overdueUnanswered(), replies.path("overdueUnanswered"));
        equal(out, "replies.judged", truth.judged(), replies.path("judged"));
        JsonNode latency = summary.path("latency");
        equal(out, "latency.responses", truth.responses(), latency.path("responses"));
        close(out, "latency.medianSeconds", truth.latencyMedianSeconds(), latency.path("medianSeconds"));
        close(out, "latency.p90Seconds", truth.latencyP90Seconds(), latency.path("p90Seconds"));
        equal(out, "personalReplies.personal", truth.personal(), summary.path("personalReplies").path("personal"));
        equal(out, "personalReplies.templated", truth.templated(), summary.path("personalReplies").path("templated"));
        equal(out, "patients.messaged", truth.patientsMessaged(), summary.path("patients").path("messaged"));
        equal(out, "patients.initiated", truth.patientsInitiated(), summary.path("patients").path("initiated"));
        equal(out, "backlog.unanswered", truth.backlogUnanswered(), summary.path("backlog").path("unanswered"));
        JsonNode oldest = summary.path("backlog").path("oldestSentAt");
        Instant served = oldest.isTextual() ? Instant.parse(oldest.asText()) : null;
        if (!java.util.Objects.equals(truth.backlogOldestSentAt(), served)) {
            out.add("backlog.oldestSentAt: truth " + truth.backlogOldestSentAt() + ", served " + served);
        }
        return out;
    }

    private static void equal(List<String> out, String field, long truth, JsonNode served) {
        if (!served.isNumber() || served.asLong() != truth) {
            out.add(field + ": truth " + truth + ", served " + (served.isMissingNode() ? "nothing" : served.toString()));
        }
    }

    private static void close(List<String> out, String field, Long truth, JsonNode served) {
        if (truth == null) {
            if (!served.isNull() && !served.isMissingNode()) {
                out.add(field + ": truth none, served " + served);
            }
            return;
        }
        if (!served.isNumber() || Math.abs(served.asLong() - truth) > truth * LATENCY_TOLERANCE + 1) {
            out.add(field + ": truth " + truth + ", served " + served + " (more than "
                    + Math.round(LATENCY_TOLERANCE * 100 * 10) / 10.0 + "% apart)");
        }
    }
}
