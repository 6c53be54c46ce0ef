package health.rapport.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path home;

    @Test
    void startsDetachedFindsItAgainAndStopsIt() {
        String marker = "-Drapport.home=" + home;
        ManagedProcess process = new ManagedProcess("sleeper", home.resolve("run"), home.resolve("logs"), marker);
        // the marker is sh's $0, so it stands on the command line like a JVM option would
        ProcessHandle handle = process.start(List.of("sh", "-c", "echo started; sleep 60", marker), Map.of(), home);

        ManagedProcess again = new ManagedProcess("sleeper", home.resolve("run"), home.resolve("logs"), marker);
        assertThat(again.running()).map(ProcessHandle::pid).contains(handle.pid());
        assertThat(again.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(handle.isAlive()).isFalse();
        assertThat(again.running()).isEmpty();
        assertThat(Files.exists(home.resolve("run/sleeper.pid"))).isFalse();
    }

    @Test
    void aPidThatIsNotOursIsNeverTaken() throws Exception {
        Files.createDirectories(home.resolve("run"));
        // this test JVM's own pid: alive, but without the marker on its command line
        Files.writeString(home.resolve("run/kafka.pid"), Long.toString(ProcessHandle.current().pid()));
        ManagedProcess process = new ManagedProcess("kafka", home.resolve("run"), home.resolve("logs"),
                "-Drapport.home=" + home);
        assertThat(process.running()).isEmpty();
        assertThat(process.stop(Duration.ofSeconds(1))).isFalse();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void theInstanceThatStartedAProcessTrustsItsHandleBeforeTheMarkerShows() {
        // a command line without the marker stands for the moment between fork and exec
        ManagedProcess process = new ManagedProcess("child", home.resolve("run"), home.resolve("logs"),
                "-Drapport.home=" + home);
        ProcessHandle handle = process.start(List.of("sleep", "30"), Map.of(), home);
        try {
            assertThat(process.running()).map(ProcessHandle::pid).contains(handle.pid());
            ManagedProcess other = new ManagedProcess("child", home.resolve("run"), home.resolve("logs"),
                    "-Drapport.home=" + home);
            assertThat(other.running()).as("another instance still needs the marker").isEmpty();
        } finally {
            handle.destroyForcibly();
            handle.onExit().join();
        }
        assertThat(process.running()).isEmpty();
    }
}
