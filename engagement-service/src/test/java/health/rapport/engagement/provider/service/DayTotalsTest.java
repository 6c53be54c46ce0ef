package health.rapport.engagement.provider.service;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.events.MessageKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DayTotalsTest {

    private static final Instant T = Instant.parse("2026-11-30T15:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);

    @Test
    void countsKindsAnswersTargetsAndRepliesAndLeavesRetractedMessagesOut() {
        List<MessageFact> facts = List.of(
                patient("q1", T.plusSeconds(3600), T.plusSeconds(600), false),     // answered within target
                patient("q2", T.plusSeconds(3600), T.plusSeconds(7200), false),    // answered late
                patient("q3", T.plusSeconds(3600), null, false),                   // waiting
                patient("q4", T.plusSeconds(3600), T.plusSeconds(60), true),       // retracted: nowhere
                response("r1", 600L, false, false),
                response("r2", 7200L, true, false),
                response("r3", 50L, true, true),                                  // retracted
                new MessageFact("f1", 1, "prac-1", "pat-1", "thr-1", MessageKind.PROVIDER_FOLLOW_UP, T, DAY, false,
                        null, 1L, false, null, null, null));
        DayTotals totals = DayTotals.of(facts);
        assertThat(totals.count(MessageKind.PATIENT_INITIATED)).isEqualTo(3);
        assertThat(totals.count(MessageKind.PROVIDER_RESPONSE)).isEqualTo(2);
        assertThat(totals.count(MessageKind.PROVIDER_FOLLOW_UP)).isEqualTo(1);
        assertThat(totals.answered()).isEqualTo(2);
        assertThat(totals.answeredWithinTarget()).isEqualTo(1);
        assertThat(totals.personalResponses()).isEqualTo(1);
        assertThat(totals.templatedResponses()).isEqualTo(1);
        assertThat(totals.latencyBuckets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        assertThat(totals.latencyBuckets()).containsKeys(LatencyHistogram.bucketOf(600), LatencyHistogram.bucketOf(7200));
    }

    @Test
    void movingStoredTotalsByTheChangedFactsEqualsRecomputingTheDay() {
        MessageFact waiting = patient("q1", T.plusSeconds(3600), null, false);
        MessageFact personal = response("r1", 600L, false, false);
        MessageFact kept = response("r2", 7200L, false, false);
        DayTotals stored = DayTotals.of(List.of(waiting, personal, kept));

        // The batch answers q1, turns r1 templated, retracts r2 and adds r3.
        MessageFact answered = waiting.withAnswer("r1", T.plusSeconds(600));
        MessageFact templated = personal.withTemplated(true);
        MessageFact retracted = new MessageFact("r2", 2, "prac-1", "pat-1", "thr-1", MessageKind.PROVIDER_RESPONSE, T,
                DAY, true, 7200L, 1L, false, null, null, null);
        MessageFact added = response("r3", 50L, false, false);
        DayTotals moved = stored.replacing(DayTotals.of(List.of(waiting, personal, kept)),
                DayTotals.of(List.of(answered, templated, retracted, added)));

        assertThat(moved).isEqualTo(DayTotals.of(List.of(answered, templated, retracted, added)));
        assertThat(moved.answered()).isEqualTo(1);
        assertThat(moved.templatedResponses()).isEqualTo(1);
        assertThat(moved.personalResponses()).isEqualTo(1);
        assertThat(moved.latencyBuckets()).doesNotContainKey(LatencyHistogram.bucketOf(7200));
        assertThat(DayTotals.empty().replacing(DayTotals.empty(), DayTotals.of(List.of(added))))
                .isEqualTo(DayTotals.of(List.of(added)));
    }

    private static MessageFact patient(String id, Instant due, Instant answeredAt, boolean retracted) {
        return new MessageFact(id, 1, "prac-1", "pat-1", "thr-1", MessageKind.PATIENT_INITIATED, T, DAY, retracted,
                null, 1L, false, due, answeredAt == null ? null : "r", answeredAt);
    }

    private static MessageFact response(String id, long latency, boolean templated, boolean retracted) {
        return new MessageFact(id, 1, "prac-1", "pat-1", "thr-1", MessageKind.PROVIDER_RESPONSE, T, DAY, retracted,
                latency, 1L, templated, null, null, null);
    }
}
