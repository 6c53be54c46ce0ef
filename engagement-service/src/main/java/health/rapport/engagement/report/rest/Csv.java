package health.rapport.engagement.report.rest;

import java.util.List;
import java.util.Locale;

/** RFC 4180 CSV: comma-separated, CRLF line ends, a header row, fields quoted when they need it. */
final class Csv {

    static final String MEDIA_TYPE = "text/csv";

    private final StringBuilder out = new StringBuilder();

    Csv(List<String> header) {
        row(header.toArray());
    }

    Csv row(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields[i]));
        }
        out.append("\r\n");
        return this;
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Double d ? String.format(Locale.ROOT, "%.6f", d) : value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
