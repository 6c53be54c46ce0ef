package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertThat(Csv.line(List.of("a", "b c", "1,5", "say \"hi\"", ""))).isEqualTo("a,b c,\"1,5\",\"say \"\"hi\"\"\",");
    }

    @Test
    void readsBackWhatItWrites() {
        List<String> fields = List.of("2026-12-01T09:00:00Z", "OpenJDK 64-Bit, Debian", "x\"y", "", "rec/s");
        assertThat(Csv.parse(Csv.line(fields))).isEqualTo(fields);
    }
}
