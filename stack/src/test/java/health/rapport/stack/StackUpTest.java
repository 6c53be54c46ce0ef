package health.rapport.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.rapport.stack.StackSettings.Port;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackUpTest {

    @TempDir
    Path home;

    @Test
    void aTakenPortIsAClearErrorAndNothingStarts() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(StackSettings.HOST, 0));
            int taken = squatter.getLocalPort();
            StackSettings settings = StackSettings.forTests(Path.of("/nonexistent-root"), home)
                    .withPorts(ports -> {
                        ports.put(Port.GATEWAY, taken);
                        return ports;
                    });
            Stack stack = new Stack(settings, new PrintStream(new ByteArrayOutputStream()));

            assertThatThrownBy(stack::up)
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + taken + " (gateway) is already in use")
                    .hasMessageContaining("RAPPORT_GATEWAY_PORT");
            assertThat(stack.anyRunning()).isFalse();
            assertThat(Files.exists(settings.runDir())).isFalse();
        }
    }

    @Test
    void downWithNothingRunningStopsNothing() {
        Stack stack = new Stack(StackSettings.forTests(Path.of("/nonexistent-root"), home), System.out);
        assertThat(stack.down()).isEmpty();
        assertThat(stack.status()).hasSize(8).allSatisfy(line -> assertThat(line).contains("stopped"));
    }
}
