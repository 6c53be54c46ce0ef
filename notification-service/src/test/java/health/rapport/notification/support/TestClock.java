package health.rapport.notification.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests (it replaces the default {@code Clock} bean): real time shifted by an offset that a
 * test sets, so time still flows (back-off waits pass) but starts where the test wants it, say on a Saturday night.
 */
@Singleton
public class TestClock extends Clock {

    private volatile long offsetMillis;

    /** From now on, "now" is {@code instant} and moves on in real time. */
    public void set(Instant instant) {
        offsetMillis = instant.toEpochMilli() - System.currentTimeMillis();
    }

    public void reset() {
        offsetMillis = 0;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis);
    }
}
