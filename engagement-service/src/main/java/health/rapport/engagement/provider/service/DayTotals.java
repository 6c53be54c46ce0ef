package health.rapport.engagement.provider.service;

import health.rapport.events.MessageKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One clinician-day's counters, computed from that day's facts alone (so recomputing is always safe): counts per
 * kind, patient messages answered and answered within target (on the day the patient wrote), personal and
 * templated responses and their latency histogram (on the day the clinician responded). Retracted messages
 * count nowhere.
 */
public record DayTotals(Map<MessageKind, Integer> kinds, int answered, int answeredWithinTarget,
        int personalResponses, int templatedResponses, Map<Integer, Long> latencyBuckets) {

    public static DayTotals of(Iterable<MessageFact> facts) {
        Map<MessageKind, Integer> kinds = new EnumMap<>(MessageKind.class);
        for (MessageKind kind : MessageKind.values()) {
            kinds.put(kind, 0);
        }
        int answered = 0;
        int withinTarget = 0;
        int personal = 0;
        int templated = 0;
        Map<Integer, Long> buckets = new TreeMap<>();
        for (MessageFact fact : facts) {
            if (fact.retracted()) {
                continue;
            }
            kinds.merge(fact.kind(), 1, Integer::sum);
            if (fact.isPatientMessage() && fact.answeredBy() != null) {
                answered++;
                if (fact.answeredWithinTarget()) {
                    withinTarget++;
                }
            }
            if (fact.kind() == MessageKind.PROVIDER_RESPONSE) {
                if (fact.templated()) {
                    templated++;
                } else {
                    personal++;
                }
                if (fact.latencySeconds() != null) {
                    buckets.merge(LatencyHistogram.bucketOf(fact.latencySeconds()), 1L, Long::sum);
                }
            }
        }
        return new DayTotals(kinds, answered, withinTarget, personal, templated, buckets);
    }

    public static DayTotals empty() {
        return of(java.util.List.of());
    }

    /**
     * These totals with {@code before}'s contribution taken out and {@code after}'s put in: a day's totals are a sum
     * over its facts, so a batch moves a stored day row by the difference of the facts it changed, without reading
     * the day's other facts.
     */
    public DayTotals replacing(DayTotals before, DayTotals after) {
        Map<MessageKind, Integer> newKinds = new EnumMap<>(MessageKind.class);
        for (MessageKind kind : MessageKind.values()) {
            newKinds.put(kind, count(kind) - before.count(kind) + after.count(kind));
        }
        Map<Integer, Long> buckets = new TreeMap<>(latencyBuckets);
        before.latencyBuckets.forEach((bucket, n) -> buckets.merge(bucket, -n, Long::sum));
        after.latencyBuckets.forEach((bucket, n) -> buckets.merge(bucket, n, Long::sum));
        buckets.values().removeIf(n -> n == 0);
        return new DayTotals(newKinds, answered - before.answered + after.answered,
                answeredWithinTarget - before.answeredWithinTarget + after.answeredWithinTarget,
                personalResponses - before.personalResponses + after.personalResponses,
                templatedResponses - before.templatedResponses + after.templatedResponses, buckets);
    }

    public int count(MessageKind kind) {
        return kinds.getOrDefault(kind, 0);
    }
}
