package health.rapport.notification.support;

import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;

/** What the nudge tests share: the broker's address, the service's clock (back to real time after each test), days. */
public abstract class ClockedTest {

    /** Monday 30 November 2026, 22:00 in New York: quiet hours. */
    protected static final Instant MONDAY_NIGHT_NY = Instant.parse("2026-12-01T03:00:00Z");
    /** Tuesday 1 December 2026, 08:00 in New York (EST, UTC-5): the quiet hours end. */
    protected static final Instant TUESDAY_8_NY = Instant.parse("2026-12-01T13:00:00Z");
    /** Wednesday 2 December 2026, 10:00 in New York; Thursday 00:00 in Tokyo. */
    protected static final Instant WEDNESDAY_10_NY = Instant.parse("2026-12-02T15:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrap;

    @Inject
    protected TestClock clock;

    @AfterEach
    void backToRealTime() {
        clock.reset();
    }
}
