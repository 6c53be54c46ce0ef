package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void humanFormsRoundToWhatMatters() {
        assertThat(Numbers.human(123_456.7)).isEqualTo("123,457");
        assertThat(Numbers.human(512.34)).isEqualTo("512");
        assertThat(Numbers.human(42.123)).isEqualTo("42.1");
        assertThat(Numbers.human(3.14159)).isEqualTo("3.14");
        assertThat(Numbers.human(0.01234)).isEqualTo("0.0123");
        assertThat(Numbers.human(0)).isEqualTo("0");
        assertThat(Numbers.human(Double.NaN)).isEqualTo("—");
    }

    @Test
    void csvKeepsSixSignificantDigitsWithoutGrouping() {
        assertThat(Numbers.csv(84656.084656)).isEqualTo("84656.1");
        assertThat(Numbers.csv(1234567.0)).isEqualTo("1234570");
        assertThat(Numbers.csv(0.000123456789)).isEqualTo("0.000123457");
        assertThat(Numbers.csv(2.0)).isEqualTo("2");
        assertThat(Numbers.csv(0)).isEqualTo("0");
        assertThat(Numbers.csv(Double.NaN)).isEmpty();
    }

    @Test
    void ratiosHaveTwoDecimals() {
        assertThat(Numbers.ratio(0.7142)).isEqualTo("0.71");
        assertThat(Numbers.ratio(1.0)).isEqualTo("1.00");
        assertThat(Numbers.ratio(Double.POSITIVE_INFINITY)).isEqualTo("—");
    }
}
