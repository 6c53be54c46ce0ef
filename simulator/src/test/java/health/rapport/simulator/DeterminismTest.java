package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same bytes; another seed, other bytes; a shorter span, a prefix. */
class DeterminismTest {

    static final List<String> FILES = List.of(NdjsonSink.COMMUNICATIONS, NdjsonSink.ENCOUNTERS, NdjsonSink.TRUTH,
            NdjsonSink.SUMMARY);

    @Test
    void theSameSeedWritesTheSameBytes(@TempDir Path a, @TempDir Path b) {
        Scenario scenario = Scenario.tiny().withSeed(42);
        TestRuns.toFolder(scenario, a);
        TestRuns.toFolder(scenario, b);
        for (String file : FILES) {
            assertThat(TestRuns.sha256(b.resolve(file))).as(file).isEqualTo(TestRuns.sha256(a.resolve(file)));
        }
        assertThat(a.resolve(NdjsonSink.COMMUNICATIONS)).isNotEmptyFile();
        assertThat(a.resolve(NdjsonSink.ENCOUNTERS)).isNotEmptyFile();
    }

    @Test
    void anotherSeedWritesOtherBytes(@TempDir Path a, @TempDir Path b) {
        TestRuns.toFolder(Scenario.tiny().withSeed(1), a);
        TestRuns.toFolder(Scenario.tiny().withSeed(2), b);
        for (String file : FILES) {
            assertThat(TestRuns.sha256(b.resolve(file))).as(file).isNotEqualTo(TestRuns.sha256(a.resolve(file)));
        }
    }

    @Test
    void idsCarryTheSeedsPrefix() {
        assertThat(Scenario.tiny().withSeed(1).idPrefix()).matches("s[0-9a-f]{6}")
                .isNotEqualTo(Scenario.tiny().withSeed(2).idPrefix());
        assertThat(Scenario.tiny().withSeed(1).idPrefix()).isEqualTo(Scenario.of(Preset.STUDY).idPrefix());
    }

    @Test
    void aShorterSpanIsAPrefixOfTheLongerOne(@TempDir Path shorter, @TempDir Path longer) throws IOException {
        Scenario scenario = Scenario.tiny().withSeed(9);
        TestRuns.toFolder(scenario.withDays(9), shorter);
        TestRuns.toFolder(scenario.withDays(21), longer);
        for (String file : List.of(NdjsonSink.COMMUNICATIONS, NdjsonSink.ENCOUNTERS)) {
            String head = Files.readString(shorter.resolve(file), StandardCharsets.UTF_8);
            String whole = Files.readString(longer.resolve(file), StandardCharsets.UTF_8);
            assertThat(head).as(file).isNotEmpty();
            assertThat(whole.length()).as(file).isGreaterThan(head.length());
            assertThat(whole).as(file).startsWith(head);
        }
    }

    @Test
    void theGeneratorAloneGivesWhatTheSinkWrote(@TempDir Path folder) throws IOException {
        Scenario scenario = Scenario.tiny().withSeed(5);
        TestRuns.toFolder(scenario, folder);
        HistoryGenerator generator = new HistoryGenerator(scenario);
        FhirJson fhir = new FhirJson(generator.population());
        StringBuilder communications = new StringBuilder();
        while (generator.hasNext()) {
            SimEvent event = generator.next();
            if (event instanceof SimMessage) {
                communications.append(fhir.render(event)).append('\n');
            }
        }
        assertThat(communications.toString())
                .isEqualTo(Files.readString(folder.resolve(NdjsonSink.COMMUNICATIONS), StandardCharsets.UTF_8));
    }
}
