package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance's timing: the tiny preset, written to NDJSON, in well under 2 seconds. */
class TinyPresetTest {

    @Test
    void theTinyPresetRunsInUnderTwoSeconds(@TempDir Path folder) {
        long started = System.nanoTime();
        Simulator.Result result = TestRuns.toFolder(Scenario.tiny(), folder);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("tiny: %d messages, %d encounters in %d ms%n", result.messages(), result.encounters(),
                elapsed.toMillis());
        assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
        assertThat(result.messages()).isBetween(400L, 3000L);
        assertThat(result.encounters()).isPositive();
        assertThat(result.truth().clinicians()).hasSize(6)
                .anyMatch(c -> c.level() == Population.Level.HIGH)
                .anyMatch(c -> c.level() == Population.Level.LOW);
    }
}
