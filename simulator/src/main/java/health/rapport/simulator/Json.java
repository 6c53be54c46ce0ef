package health.rapport.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A minimal JSON writer into a {@link StringBuilder}: members in the order written, no whitespace, strings
 * escaped per RFC 8259, decimals rounded half-even from their exact binary value (so the text never depends on
 * the JDK's double-to-string algorithm).
 */
final class Json {

    private final StringBuilder out;
    private boolean needComma;

    Json(StringBuilder out) {
        this.out = out;
    }

    Json begin() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    Json end() {
        out.append('}');
        needComma = true;
        return this;
    }

    Json beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    Json name(String name) {
        comma();
        string(out, name);
        out.append(':');
        needComma = false;
        return this;
    }

    Json value(String value) {
        comma();
        if (value == null) {
            out.append("null");
        } else {
            string(out, value);
        }
        needComma = true;
        return this;
    }

    Json value(long value) {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    Json value(Long value) {
        return value == null ? nullValue() : value(value.longValue());
    }

    Json value(boolean value) {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    /** A decimal with at most {@code scale} fraction digits (trailing zeros dropped); null for NaN or null. */
    Json value(Double value, int scale) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return nullValue();
        }
        comma();
        out.append(decimal(value, scale));
        needComma = true;
        return this;
    }

    /** A value already in JSON form. */
    Json raw(String json) {
        comma();
        out.append(json);
        needComma = true;
        return this;
    }

    Json nullValue() {
        comma();
        out.append("null");
        needComma = true;
        return this;
    }

    Json field(String name, String value) {
        return name(name).value(value);
    }

    Json field(String name, long value) {
        return name(name).value(value);
    }

    Json field(String name, Long value) {
        return name(name).value(value);
    }

    Json field(String name, Double value, int scale) {
        return name(name).value(value, scale);
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    static String decimal(double value, int scale) {
        BigDecimal rounded = new BigDecimal(value).setScale(scale, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return "0";
        }
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    static void string(StringBuilder out, String value) {
        out.append('"');
        int n = value.length();
        int plain = 0;
        while (plain < n) {
            char c = value.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            plain++;
        }
        out.append(value, 0, plain);
        for (int i = plain; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00");
                        out.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
