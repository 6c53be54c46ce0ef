package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorCliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulatorCli(new PrintWriter(out, true), new PrintWriter(err, true)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesTheFilesAndASummary(@TempDir Path folder) {
        Run run = run("--preset", "tiny", "--seed", "4", "--days", "10", "--out", folder.toString(), "--stats",
                "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(folder.resolve(NdjsonSink.COMMUNICATIONS)).isNotEmptyFile();
        assertThat(folder.resolve(NdjsonSink.ENCOUNTERS)).exists();
        assertThat(folder.resolve(NdjsonSink.TRUTH)).isNotEmptyFile();
        assertThat(folder.resolve(NdjsonSink.SUMMARY)).isNotEmptyFile();
        assertThat(run.out()).contains("tiny*: 6 clinicians, 150 patients, 10 days").contains("seed 4")
                .contains("messages ").contains("PATIENT_INITIATED").contains("messages/s")
                .contains("peak live heap").contains("peak pending items");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void truthOnlyWithGzipNeedsOut() {
        assertThat(run("--truth-only").code()).isEqualTo(2);
        assertThat(run("--preset", "huge").code()).isEqualTo(2);
        assertThat(run("--days", "0").code()).isEqualTo(2);
        assertThat(run("--bogus").code()).isEqualTo(2);
    }

    @Test
    void truthOnlyWritesNoResources(@TempDir Path folder) {
        Run run = run("--days", "5", "--out", folder.toString(), "--truth-only");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(folder.resolve(NdjsonSink.TRUTH)).isNotEmptyFile();
        assertThat(folder.resolve(NdjsonSink.COMMUNICATIONS)).doesNotExist();
    }

    @Test
    void overridesReachTheScenario() {
        SimulatorCli cli = new SimulatorCli();
        new CommandLine(cli).parseArgs("--preset", "study", "--clinicians", "30", "--patients", "900", "--days", "14",
                "--rate-ratio", "2.5", "--seed", "99", "--zone", "Europe/Berlin", "--holiday", "2025-01-07");
        Scenario scenario = cli.scenario();
        assertThat(scenario.clinicians()).isEqualTo(30);
        assertThat(scenario.patients()).isEqualTo(900);
        assertThat(scenario.days()).isEqualTo(14);
        assertThat(scenario.model().rateRatio()).isEqualTo(2.5);
        assertThat(scenario.seed()).isEqualTo(99);
        assertThat(scenario.zone().getId()).isEqualTo("Europe/Berlin");
        assertThat(scenario.holidays()).hasSize(1);
        assertThat(scenario.name()).isEqualTo("study*");
    }

    @Test
    void helpListsTheOptions() {
        Run run = run("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("--preset").contains("--kafka").contains("--out")
                .contains("--stats").contains("--rate-ratio");
        assertThat(run.out()).contains("--[no-]progress");
    }
}
