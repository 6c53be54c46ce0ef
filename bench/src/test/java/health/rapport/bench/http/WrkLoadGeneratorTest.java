package health.rapport.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.bench.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrkLoadGeneratorTest {

    @Test
    void readsTheExactFiguresOfTheLuaHook() {
        LoadResult result = WrkLoadGenerator.parse(Samples.lines("wrk-4.1.0.txt"), 8);

        assertThat(result.requests()).isEqualTo(7430);
        assertThat(result.seconds()).isEqualTo(2.026927);
        assertThat(result.requestsPerSec()).isCloseTo(3665.65, org.assertj.core.data.Offset.offset(0.01));
        assertThat(result.errors()).isZero();
        assertThat(result.latency().millis()).containsEntry("p50", 0.944).containsEntry("p90", 7.908)
                .containsEntry("p99", 17.126).containsEntry("p99.9", 24.422).containsEntry("max", 30.974);
        assertThat(result.latency().millis().keySet()).containsExactly("p50", "p90", "p99", "p99.9", "max");
        assertThat(result.series()).isNull();
    }

    @Test
    void responsesOtherThan2xxAreErrorsNotRequests() {
        LoadResult result = WrkLoadGenerator.parse(List.of("RAPPORT requests 100", "RAPPORT duration_us 1000000",
                "RAPPORT errors 2", "RAPPORT non2xx 10", "RAPPORT p50 1", "RAPPORT p90 1", "RAPPORT p99 1",
                "RAPPORT p99.9 1", "RAPPORT max 1"), 1);

        assertThat(result.requests()).isEqualTo(90);
        assertThat(result.errors()).isEqualTo(12);
    }

    @Test
    void failsWhenTheHookDidNotRun() {
        assertThatThrownBy(() -> WrkLoadGenerator.parse(List.of("Requests/sec:   3665.65"), 1))
                .hasMessageContaining("wrk printed no requests");
    }

    @Test
    void theLuaHookPrintsThePercentilesTheTableUses() throws Exception {
        try (var in = WrkLoadGenerator.class.getResourceAsStream("rapport-report.lua")) {
            String lua = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(lua).contains("{50, 90, 99, 99.9}").contains("done = function");
        }
    }
}
