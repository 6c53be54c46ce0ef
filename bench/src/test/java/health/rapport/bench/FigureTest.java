package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void ratioIsTheValueOverTheCeiling() {
        Figure ceiling = Figure.of("kafka", "kafka.raw.produce.records_per_s", 80_000, "rec/s");
        Figure figure = Figure.of("kafka", "kafka.rapport.produce.records_per_s", 60_000, "rec/s").against(ceiling);

        assertThat(figure.hasCeiling()).isTrue();
        assertThat(figure.ceilingName()).isEqualTo("kafka.raw.produce.records_per_s");
        assertThat(figure.ceilingValue()).isEqualTo(80_000);
        assertThat(figure.ratio()).hasValue(0.75);
    }

    @Test
    void aCeilingHasNoRatio() {
        Figure ceiling = Figure.of("postgres", "pg.raw.insert.rows_per_s", 30_000, "rows/s");

        assertThat(ceiling.hasCeiling()).isFalse();
        assertThat(ceiling.ratio()).isEmpty();
        assertThat(ceiling.ceilingValue()).isNaN();
    }

    @Test
    void noRatioAgainstZeroOrNaN() {
        Figure zero = Figure.of("b", "zero", 0, "rec/s");
        Figure nan = Figure.of("b", "nan", Double.NaN, "rec/s");

        assertThat(Figure.of("b", "x", 5, "rec/s").against(zero).ratio()).isEmpty();
        assertThat(Figure.of("b", "x", 5, "rec/s").against(nan).ratio()).isEmpty();
        assertThat(nan.against(Figure.of("b", "c", 3, "rec/s")).ratio()).isEmpty();
    }

    @Test
    void unitsMustAgree() {
        Figure ceiling = Figure.of("kafka", "kafka.raw.produce.mb_per_s", 40, "MB/s");

        assertThatThrownBy(() -> Figure.of("kafka", "kafka.rapport.produce.records_per_s", 1, "rec/s").against(ceiling))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rec/s").hasMessageContaining("MB/s");
    }

    @Test
    void oneLinePerFigure() {
        Figure ceiling = Figure.of("kafka", "kafka.raw.produce.records_per_s", 123_456, "rec/s");
        Figure figure = Figure.of("kafka", "kafka.rapport.produce.records_per_s", 98_765, "rec/s").against(ceiling);

        assertThat(ceiling.line()).startsWith("kafka.raw.produce.records_per_s ").contains("123,456 rec/s")
                .endsWith("ceiling —").doesNotContain("\n");
        assertThat(figure.line()).contains("98,765 rec/s")
                .contains("ceiling kafka.raw.produce.records_per_s 123,456 rec/s").endsWith("ratio 0.80");
    }
}
