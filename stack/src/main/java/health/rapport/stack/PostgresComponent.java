package health.rapport.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** PostgreSQL for the local stack: embedded binaries by default, or an existing server named in settings. */
public final class PostgresComponent extends Component {

    /** One database per service, so that each service owns its schema. */
    public static final List<String> DATABASES = List.of("message", "engagement", "notification");

    public PostgresComponent(StackSettings settings) {
        super(settings, "postgres");
    }

    @Override
    public List<StackSettings.Port> ports() {
        return managed() ? List.of(StackSettings.Port.POSTGRES) : List.of();
    }

    @Override
    public boolean managed() {
        return settings.externalPostgres() == null;
    }

    @Override
    public void launch() {
        if (!managed()) {
            return;
        }
        process.start(List.of(javaExecutable(), settings.marker(), "-Xmx256m", "-XX:+UseSerialGC",
                        "-Dot.epg.working-dir=" + settings.home().resolve("pg-work"),
                        "-cp", settings.stackClasspath(), PostgresServer.class.getName(),
                        Integer.toString(settings.port(StackSettings.Port.POSTGRES)),
                        settings.dataDir().resolve("postgres").toString(),
                        settings.home().resolve("pg-work").toString()),
                Map.of(), settings.home());
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(90);
    }

    @Override
    public boolean healthy() {
        try (Connection connection = connect("postgres")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void afterReady() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                try (ResultSet rs = statement.executeQuery(
                        "select 1 from pg_database where datname = '" + database + "'")) {
                    if (!rs.next()) {
                        statement.execute("create database " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StackException("cannot create the service databases: " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), settings.postgresUser(), settings.postgresPassword());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + settings.postgresHost() + ":" + settings.postgresPort() + "/" + database
                + "?connectTimeout=2";
    }

    @Override
    public String endpoint() {
        return "postgresql://" + settings.postgresHost() + ":" + settings.postgresPort() + " (databases "
                + String.join(", ", DATABASES) + (managed() ? ")" : "; external server)");
    }
}
