package health.rapport.simulator.check;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.events.MessageKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTableTruthTest {

    private static final Instant T = Instant.parse("2026-11-30T15:00:00Z");

    @Test
    void aThreadIsReplayedInTimeOrderWithTheContractsRules() {
        // Stored out of order on purpose: the replay sorts by time.
        List<MessageTableTruth.Row> rows = List.of(
                row("c", false, 7200),   // answers both waiting questions, latency from the first
                row("a", true, 0),
                row("d", false, 7300),   // nothing waits: a follow-up
                row("b", true, 600),
                row("e", true, 9000));   // waits
        List<MessageTableTruth.Classified> replay = MessageTableTruth.replay(rows);
        assertThat(replay).extracting(MessageTableTruth.Classified::kind).containsExactly(
                MessageKind.PATIENT_INITIATED, MessageKind.PATIENT_FOLLOW_UP, MessageKind.PROVIDER_RESPONSE,
                MessageKind.PROVIDER_FOLLOW_UP, MessageKind.PATIENT_FOLLOW_UP);
        assertThat(replay.get(2).latency()).isEqualTo(7200L);
        assertThat(replay.get(0).answeredAt()).isEqualTo(T.plusSeconds(7200));
        assertThat(replay.get(1).answeredAt()).isEqualTo(T.plusSeconds(7200));
        assertThat(replay.get(4).answeredAt()).isNull();
    }

    @Test
    void aClinicianStartIsProviderInitiated() {
        List<MessageTableTruth.Classified> replay = MessageTableTruth.replay(List.of(row("a", false, 0),
                row("b", true, 60), row("c", false, 120)));
        assertThat(replay).extracting(MessageTableTruth.Classified::kind).containsExactly(
                MessageKind.PROVIDER_INITIATED, MessageKind.PATIENT_FOLLOW_UP, MessageKind.PROVIDER_RESPONSE);
        assertThat(replay.get(2).latency()).isEqualTo(60L);
    }

    private static MessageTableTruth.Row row(String id, boolean byPatient, long at) {
        return new MessageTableTruth.Row(id, "thr", "pat-1", byPatient, T.plusSeconds(at), 0L);
    }
}
