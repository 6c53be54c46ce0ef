package health.rapport.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** How figures are written: grouped and rounded for people, exact enough (6 significant digits) for the CSV. */
public final class Numbers {

    private Numbers() {
    }

    /** 123456.7 → "123,457"; 512.34 → "512"; 42.123 → "42.1"; 3.14159 → "3.14"; 0.01234 → "0.0123". */
    public static String human(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        double magnitude = Math.abs(value);
        String pattern;
        if (magnitude >= 100 || magnitude == 0) {
            pattern = "#,##0";
        } else if (magnitude >= 10) {
            pattern = "#,##0.0";
        } else if (magnitude >= 1) {
            pattern = "#,##0.00";
        } else {
            return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    /** A ratio with two decimals: 0.7142 → "0.71". */
    public static String ratio(double ratio) {
        if (!Double.isFinite(ratio)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** Plain, 6 significant digits, no grouping, empty for NaN: the CSV form. */
    public static String csv(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
