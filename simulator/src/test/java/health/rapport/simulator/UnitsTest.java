package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The small parts: the generator, percentiles, JSON, ids, the progress bar, scenarios, the population. */
class UnitsTest {

    @Test
    void theGeneratorIsFixedForAGivenSeed() {
        // Golden values: a change here changes every output; SplitMix64's first outputs for seed 0.
        Rng rng = new Rng(0);
        assertThat(rng.nextLong()).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(rng.nextLong()).isEqualTo(0x6e789e6aa1b965f4L);
        assertThat(Rng.derive(1, 2, 3, 4).nextLong()).isEqualTo(Rng.derive(1, 2, 3, 4).nextLong())
                .isNotEqualTo(Rng.derive(1, 2, 3, 5).nextLong());
    }

    @Test
    void distributionsHaveTheirMoments() {
        Rng rng = new Rng(8);
        int n = 200_000;
        double exp = 0;
        double gamma = 0;
        double[] logNormal = new double[n];
        int[] counts = new int[7];
        for (int i = 0; i < n; i++) {
            exp += rng.nextExponential();
            gamma += rng.nextGamma(2, 0.5);
            logNormal[i] = rng.nextLogNormal(300, 1.3);
            counts[rng.nextInt(7)]++;
        }
        assertThat(exp / n).isCloseTo(1, within(0.01));
        assertThat(gamma / n).isCloseTo(1, within(0.01));
        Arrays.sort(logNormal);
        assertThat(logNormal[n / 2]).isCloseTo(300, within(6.0));
        assertThat(Arrays.stream(counts).min().orElseThrow()).isGreaterThan(n / 7 - 800);
        assertThat(new Rng(1).nextGamma(0.5, 1)).isPositive();
        assertThatThrownBy(() -> rng.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalDistributionFunction() {
        assertThat(Stats.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Stats.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(Stats.normalCdf(-1)).isCloseTo(0.158655, within(1e-6));
    }

    @Test
    void nearestRankPercentiles() {
        long[] values = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(Stats.nearestRank(values, 50)).isEqualTo(50);
        assertThat(Stats.nearestRank(values, 90)).isEqualTo(90);
        assertThat(Stats.nearestRank(values, 91)).isEqualTo(100);
        assertThat(Stats.nearestRank(new long[] {7}, 90)).isEqualTo(7);
        long[] seventy = new long[70];
        Arrays.setAll(seventy, i -> i + 1);
        assertThat(Stats.nearestRank(seventy, 90)).isEqualTo(63); // not 64, whatever 0.9 * 70 is in binary
        assertThat(Stats.median(new long[] {3, 1, 2, 4})).isEqualTo(2);
    }

    @Test
    void jsonEscapesAndRoundsStably() throws Exception {
        StringBuilder out = new StringBuilder();
        new Json(out).begin().field("a", "q\"b\\s\n\u0001é").field("n", 0.1 + 0.2, 6).field("z", 2.0, 6)
                .field("none", (Long) null).name("list").beginArray().value(1).value("x").endArray().end();
        assertThat(out.toString()).isEqualTo("{\"a\":\"q\\\"b\\\\s\\n\\u0001é\",\"n\":0.3,\"z\":2,\"none\":null,\"list\":[1,\"x\"]}");
        assertThat(TestRuns.JSON.readTree(out.toString()).path("a").asText()).isEqualTo("q\"b\\s\n\u0001é");
        assertThat(Json.decimal(4.3, 6)).isEqualTo("4.3");
        assertThat(Json.decimal(1e-9, 6)).isEqualTo("0");
    }

    @Test
    void idsAreFhirIds() {
        String thread = Ids.thread("s0a1b2c", 123, 7);
        assertThat(thread).isEqualTo("s0a1b2c-thr-000123-0007");
        assertThat(Ids.message(thread, 2)).isEqualTo("s0a1b2c-com-000123-0007-02");
        assertThat(Ids.message(thread, 12)).isEqualTo("s0a1b2c-com-000123-0007-12");
        assertThat(Ids.practitioner("s0a1b2c", 42)).isEqualTo("s0a1b2c-prac-00042");
        assertThat(Ids.patient("s0a1b2c", 1_234_567)).isEqualTo("s0a1b2c-pat-1234567");
        assertThat(Ids.encounter("s0a1b2c", 5, 3)).isEqualTo("s0a1b2c-enc-000005-0003").matches("[A-Za-z0-9\\-.]{1,64}");
    }

    @Test
    void theProgressLineHasPercentCountRateAndEta() {
        String line = ProgressBar.line(0.25, 12_345, 10);
        assertThat(line).startsWith("[######..................]").contains(" 25.0%").contains("12,345 msgs")
                .contains("1,235/s").contains("ETA 0:00:30");
        assertThat(ProgressBar.line(1, 10, 1)).contains("ETA done");
        assertThat(ProgressBar.clock(3725)).isEqualTo("1:02:05");
    }

    @Test
    void aDisabledProgressBarDrawsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar off = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        off.update(0.5, 10, 1);
        off.done(10, 1);
        assertThat(bytes.size()).isZero();
        ProgressBar on = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        on.update(0.5, 10, 1);
        on.done(20, 1);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\r[").contains("100.0%").endsWith("\n");
    }

    @Test
    void presetsAndValidation() {
        assertThat(Scenario.of(Preset.CLINIC).clinicians()).isEqualTo(50);
        assertThat(Scenario.of(Preset.CLINIC).patients()).isEqualTo(2_000);
        assertThat(Scenario.of(Preset.STUDY).clinicians()).isEqualTo(3_000);
        assertThat(Scenario.of(Preset.STUDY).patients()).isEqualTo(81_000);
        assertThat(Preset.of("Clinic")).isEqualTo(Preset.CLINIC);
        assertThat(Scenario.tiny().model().rateRatio()).isEqualTo(4.3);
        assertThat(Scenario.tiny().start().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThatThrownBy(() -> Scenario.tiny().withDays(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenario.tiny().withRateRatio(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Preset.of("huge")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePopulationSplitsLevelsExactlyAndFillsPanels() {
        Scenario scenario = Scenario.tiny().withClinicians(41).withPatients(2_000).withSeed(12);
        Population population = Population.generate(scenario);
        assertThat(population.count(Population.Level.HIGH)).isEqualTo(Math.round(0.5 * 41));
        int total = 0;
        for (Population.Clinician c : population.clinicians()) {
            total += population.panelSize(c.index());
            for (int p : population.panel(c.index())) {
                assertThat(population.patient(p).clinician()).isEqualTo(c.index());
            }
            assertThat(c.templates()).hasSize(3);
            assertThat(c.personalShare()).isBetween(0.0, 1.0);
            assertThat(c.supervisorId() == null).isEqualTo(c.index() % 8 == 0);
        }
        assertThat(total).isEqualTo(2_000);
        assertThat(population.clinicians()).extracting(Population.Clinician::id).isSorted();
        // The same scenario gives the same population; a patient's draws do not depend on how many follow.
        Population again = Population.generate(scenario.withPatients(1_000));
        assertThat(again.patient(999)).isEqualTo(population.patient(999));
    }

    @Test
    void theGeneratorHoldsOnlyActiveState() {
        Scenario scenario = Scenario.tiny().withClinicians(20).withPatients(1_000).withDays(120);
        HistoryGenerator generator = new HistoryGenerator(scenario);
        Truth truth = generator.drain();
        // Pending items: one thread source and one encounter source per patient, one per clinician, plus the
        // threads active at one time; never anything like the history itself.
        assertThat(generator.peakQueueSize()).isLessThan(2 * 1_000 + 20 + 1_000);
        assertThat(truth.messages()).isGreaterThan(10L * generator.peakQueueSize());
        assertThat(generator.progress()).isEqualTo(1.0);
        assertThatThrownBy(() -> new HistoryGenerator(Scenario.tiny()).truth()).isInstanceOf(IllegalStateException.class);
    }
}
