package health.rapport.bench.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.bench.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestTimelineTest {

    private static IngestTimeline.Sample s(double seconds, long messages, long pending, long enqueued, long published) {
        return new IngestTimeline.Sample(seconds, messages, pending, enqueued, published);
    }

    private static IngestTimeline timeline() {
        IngestTimeline t = new IngestTimeline();
        t.add(s(0.0, 0, 0, 0, 0));
        t.add(s(1.0, 0, 0, 0, 0));
        t.add(s(2.0, 500, 500, 500, 0));
        t.add(s(3.0, 3_000, 1_000, 3_000, 2_000));
        t.add(s(4.0, 5_000, 200, 5_000, 4_800));
        t.add(s(5.0, 5_000, 0, 5_000, 4_900));
        t.add(s(6.0, 5_000, 0, 5_000, 5_000));
        return t;
    }

    @Test
    void startsAtTheFirstCommittedMessageAndEndsWhenEverythingIsPublished() {
        IngestTimeline t = timeline();

        assertThat(t.start().orElseThrow().seconds()).isEqualTo(2.0);
        assertThat(t.end(5_000).orElseThrow().seconds()).isEqualTo(6.0);
        // 4,500 messages committed after the start sample, over 4 s.
        assertThat(t.messagesPerSecond(5_000)).isEqualTo(1_125.0);
        assertThat(t.secondsToCommitAll(5_000)).isEqualTo(2.0);
        // The second half: from the first sample with 2,500 or more (3,000 at 3 s) to the end (5,000 at 6 s).
        assertThat(t.secondHalfMessagesPerSecond(5_000)).isEqualTo(2_000.0 / 3.0);
    }

    @Test
    void anEmptyOutboxIsNotEnoughWhileEventsAreMissingFromTheTopic() {
        assertThat(IngestTimeline.complete(s(5.0, 5_000, 0, 5_000, 4_900), 5_000)).isFalse();
        assertThat(IngestTimeline.complete(s(5.0, 4_999, 0, 4_999, 4_999), 5_000)).isFalse();
        assertThat(IngestTimeline.complete(s(5.0, 5_000, 1, 5_000, 5_000), 5_000)).isFalse();
        assertThat(IngestTimeline.complete(s(5.0, 5_000, 0, 5_000, 5_001), 5_000)).isTrue();
    }

    @Test
    void anUnfinishedIngestHasNoRate() {
        IngestTimeline t = new IngestTimeline();
        t.add(s(0.5, 10, 10, 10, 0));
        t.add(s(1.0, 20, 0, 20, 19));

        assertThatThrownBy(() -> t.messagesPerSecond(20)).hasMessageContaining("never completed");
        assertThatThrownBy(() -> t.add(s(0.9, 20, 0, 20, 20))).hasMessageContaining("time order");
    }

    @Test
    void seriesGivesRowsAndEventsPerSecondFromTheStart() {
        List<Series> series = timeline().series(1.0, "rows", "events");

        assertThat(series.get(0).points()).extracting(Series.Point::seconds).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(series.get(0).points()).extracting(Series.Point::value).containsExactly(2_500.0, 2_000.0, 0.0, 0.0);
        assertThat(series.get(1).points()).extracting(Series.Point::value).containsExactly(2_000.0, 2_800.0, 100.0, 100.0);
    }
}
