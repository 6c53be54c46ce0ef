package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {

    @Test
    void theMachineLineNamesCoresMemoryAndJava() {
        Machine machine = Machine.current();

        assertThat(machine.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.ramGiB()).isPositive();
        assertThat(machine.java()).isEqualTo(System.getProperty("java.version"));
        assertThat(machine.line()).startsWith(machine.cores() + " cores, " + machine.ramText() + " GiB RAM, Java "
                + machine.java());
    }

    @Test
    void ramIsWrittenWithOneDecimalWhateverTheLocale() {
        Machine machine = new Machine(2, 23.456, "17.0.15", "vm", "Linux", "cpu");

        assertThat(machine.ramText()).isEqualTo("23.5");
        assertThat(machine.line()).isEqualTo("2 cores, 23.5 GiB RAM, Java 17.0.15 (vm), Linux, cpu");
    }

    @Test
    void readsTheProcessorModel(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC   7B13 64-Core\n");

        assertThat(Machine.cpuModel(cpuinfo)).isEqualTo("AMD EPYC 7B13 64-Core");
        assertThat(Machine.cpuModel(dir.resolve("missing"))).isEqualTo("unknown");
    }
}
