package health.rapport.bench.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The services' own Flyway migrations, read from the checkout and applied in Flyway's version order, so the
 * benchmark tables are exactly the services' tables (columns, keys, indexes, foreign keys) and follow them when
 * a migration is added.
 */
public final class Migrations {

    private static final Pattern VERSIONED = Pattern.compile("^V([0-9]+(?:[._][0-9]+)*)__.*\\.sql$");

    private Migrations() {
    }

    /** Shared by every service: the outbox and processed-event tables. */
    public static List<Path> support(Path root) {
        return List.of(root.resolve("service-support/src/main/resources/db/rapport-support"));
    }

    public static List<Path> messageService(Path root) {
        return List.of(root.resolve("service-support/src/main/resources/db/rapport-support"),
                root.resolve("message-service/src/main/resources/db/migration"));
    }

    public static List<Path> engagementService(Path root) {
        return List.of(root.resolve("service-support/src/main/resources/db/rapport-support"),
                root.resolve("engagement-service/src/main/resources/db/migration"));
    }

    /** The versioned migrations of these folders, in Flyway's order (V0_1 before V1 before V1_2 before V10). */
    public static List<Path> ordered(List<Path> folders) {
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException("no migrations at " + folder);
            }
            try (Stream<Path> list = Files.list(folder)) {
                list.filter(p -> VERSIONED.matcher(p.getFileName().toString()).matches()).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.sort(Comparator.comparing(Migrations::version, Migrations::compareVersions));
        return files;
    }

    static List<BigInteger> version(Path file) {
        Matcher m = VERSIONED.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not a versioned migration");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : m.group(1).split("[._]")) {
            parts.add(new BigInteger(part));
        }
        return parts;
    }

    static int compareVersions(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Runs each file as one script (the driver sends its statements in order). */
    public static List<String> apply(Connection connection, List<Path> folders) throws SQLException {
        List<String> applied = new ArrayList<>();
        for (Path file : ordered(folders)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            applied.add(file.getFileName().toString());
        }
        return applied;
    }
}
