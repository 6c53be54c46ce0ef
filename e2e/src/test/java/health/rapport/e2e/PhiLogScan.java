package health.rapport.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for registered message texts in log files. A hit names the file, the line number and which needle matched
 * (the registered text or only its token), never the text itself, so the report does not put PHI into the build log.
 *
 * <p>Needles are the registered texts and the {@code phi-…} tokens in them. Each needle is indexed by its first
 * {@link #ANCHOR} characters, so a line is scanned once whatever the number of texts.
 */
final class PhiLogScan {

    static final int ANCHOR = 8;
    private static final Pattern TOKEN = Pattern.compile("phi-[0-9a-f]{12}");

    /** One log line holding a registered text. */
    record Hit(Path file, long line, String what) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + " (" + what + ")";
        }
    }

    /** What a scan looked at and found. */
    record Result(int files, long lines, int needles, List<Hit> hits) {
    }

    private final Map<String, List<String>> byAnchor = new HashMap<>();
    private final Map<String, String> description = new HashMap<>();

    PhiLogScan(Collection<String> texts) {
        Set<String> needles = new LinkedHashSet<>();
        for (String text : texts) {
            if (text.length() < ANCHOR) {
                throw new IllegalArgumentException("a registered text needs at least " + ANCHOR + " characters");
            }
            needles.add(text);
            description.putIfAbsent(text, "a registered text, " + text.length() + " characters");
            Matcher tokens = TOKEN.matcher(text);
            while (tokens.find()) {
                needles.add(tokens.group());
                description.putIfAbsent(tokens.group(), "the token of a registered text");
            }
        }
        for (String needle : needles) {
            byAnchor.computeIfAbsent(needle.substring(0, ANCHOR), a -> new ArrayList<>()).add(needle);
        }
    }

    int needles() {
        return description.size();
    }

    /** Scans every {@code *.log} file directly in {@code logDir}. */
    Result scanDirectory(Path logDir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(logDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + logDir, e);
        }
        List<Hit> hits = new ArrayList<>();
        long lines = 0;
        for (Path file : files) {
            lines += scan(file, hits);
        }
        return new Result(files.size(), lines, needles(), List.copyOf(hits));
    }

    /** Scans one file, adding its hits; returns the number of lines read. */
    long scan(Path file, List<Hit> hits) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        long number = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                String found = find(line);
                if (found != null) {
                    hits.add(new Hit(file, number, description.get(found)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return number;
    }

    /** The first needle the line holds, or null. */
    String find(String line) {
        for (int i = 0; i + ANCHOR <= line.length(); i++) {
            List<String> candidates = byAnchor.get(line.substring(i, i + ANCHOR));
            if (candidates != null) {
                for (String needle : candidates) {
                    if (line.startsWith(needle, i)) {
                        return needle;
                    }
                }
            }
        }
        return null;
    }
}
