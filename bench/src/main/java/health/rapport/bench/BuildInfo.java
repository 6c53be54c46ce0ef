package health.rapport.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions written into the harness at build time (Quarkus of the hello app, Kafka of the broker and tools). */
public final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    public static String quarkusVersion() {
        return PROPERTIES.getProperty("quarkus.version", "unknown");
    }

    public static String kafkaVersion() {
        return PROPERTIES.getProperty("kafka.version", "unknown");
    }
}
