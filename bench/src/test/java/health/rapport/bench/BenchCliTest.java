package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCliTest {

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCli());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void everyBenchmarkIsASubcommand() {
        assertThat(help("--help")).contains("ceilings", "kafka", "postgres", "http", "jmh", "message", "all");
    }

    @Test
    void ceilingsTakesTheOptionsOfItsThreeBenchmarks() {
        assertThat(help("ceilings", "--help")).contains("--kafka-records", "--pg-seconds", "--pg-synchronous-commit",
                "--http-generator", "--quick", "--results");
    }

    @Test
    void quickScalesSizesDown() {
        BenchCli.KafkaOptions kafka = new BenchCli.KafkaOptions();
        BenchCli.HttpOptions http = new BenchCli.HttpOptions();

        assertThat(kafka.options(true).records()).isEqualTo(kafka.options(false).records() / 4);
        assertThat(http.options(true).seconds()).isLessThan(http.options(false).seconds());
        assertThat(new BenchCli.PostgresOptions().options(false).synchronousCommit()).isEqualTo("off");
    }

    @Test
    void messageQuickRunsAQuarterOfTheClinic() {
        BenchCli.MessageOptions message = new BenchCli.MessageOptions();

        assertThat(message.options(false).days()).isEqualTo(182);
        assertThat(message.options(true).days()).isEqualTo(45);
        assertThat(message.options(true).rate()).isEqualTo(200);
        assertThat(message.options(true).seconds()).isEqualTo(5);
        assertThat(help("message", "--help")).contains("--message-rate", "--message-days", "--quick");
    }
}
