package health.rapport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log scan finds what it must, names file and line but never the text, and finds nothing where there is none. */
class PhiLogScanTest {

    @Test
    void findsARegisteredTextAndItsTokenAndNamesFileAndLineOnly(@TempDir Path logs) throws Exception {
        String leaked = PhiTexts.distinctive("My ankle has been swollen since the fall");
        String cutShort = PhiTexts.distinctive("Please call me back about the biopsy");
        String token = cutShort.substring(cutShort.indexOf("phi-"), cutShort.indexOf("phi-") + 16);
        Files.write(logs.resolve("message-service.log"), List.of(
                "18:00:00.000 INFO  [h.r.m.t.ThreadService] (vert.x-eventloop-thread-1) thread created",
                "18:00:00.001 DEBUG [h.r.m.t.ThreadService] (vert.x-eventloop-thread-1) body=" + leaked + " ok",
                "18:00:00.002 INFO  [h.r.m.t.ThreadService] (vert.x-eventloop-thread-1) done"));
        Files.write(logs.resolve("gateway.log"), List.of("a line", "payload {\"body\":\"...\",\"ref\":\"" + token + "\"}"));
        Files.write(logs.resolve("gateway.txt"), List.of(leaked)); // not a *.log file: not scanned

        PhiLogScan.Result result = new PhiLogScan(List.of(leaked, cutShort)).scanDirectory(logs);

        assertThat(result.files()).isEqualTo(2);
        assertThat(result.lines()).isEqualTo(5);
        assertThat(result.needles()).isEqualTo(4);
        assertThat(result.hits()).extracting(Object::toString).containsExactly(
                "gateway.log:2 (the token of a registered text)",
                "message-service.log:2 (a registered text, " + leaked.length() + " characters)");
        assertThat(result.hits().toString()).doesNotContain("ankle").doesNotContain("biopsy").doesNotContain("phi-");
    }

    @Test
    void findsNothingInCleanLogs(@TempDir Path logs) throws Exception {
        String text = PhiTexts.distinctive("I get dizzy when I stand up");
        Files.write(logs.resolve("engagement-service.log"), List.of("dizzy", "I get dizzy when I stand", "phi-0123"));
        assertThat(new PhiLogScan(List.of(text)).scanDirectory(logs).hits()).isEmpty();
    }

    @Test
    void refusesTextsTooShortToAnchor() {
        assertThatThrownBy(() -> new PhiLogScan(List.of("hi"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhiTexts.register(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
