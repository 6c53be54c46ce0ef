package health.rapport.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.events.InvalidEventException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class IdempotentConsumerTest {

    @Test
    void anUnreachableDatabaseIsTransient() {
        assertThat(IdempotentConsumer.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(IdempotentConsumer.isTransient(new CompletionException(new IOException("reset")))).isTrue();
        assertThat(IdempotentConsumer.isTransient(new IllegalStateException(new TimeoutException()))).isTrue();
    }

    @Test
    void aTransactionPostgresAbortedBecauseOfAnotherIsTransient() {
        assertThat(IdempotentConsumer.isTransient(new CompletionException(
                new PgException("deadlock detected", "ERROR", "40P01", null)))).isTrue();
        assertThat(IdempotentConsumer.isTransient(
                new PgException("could not serialize access", "ERROR", "40001", null))).isTrue();
    }

    @Test
    void aConstraintTheDataBreaksIsNot() {
        assertThat(IdempotentConsumer.isTransient(
                new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null))).isFalse();
        assertThat(IdempotentConsumer.isTransient(
                new PgException("value too long for type character varying(64)", "ERROR", "22001", null))).isFalse();
    }

    @Test
    void aBadEventOrABugIsNot() {
        assertThat(IdempotentConsumer.isTransient(new InvalidEventException("unknown type"))).isFalse();
        assertThat(IdempotentConsumer.isTransient(new NullPointerException())).isFalse();
        assertThat(IdempotentConsumer.isTransient(new IllegalArgumentException("bad", new ArithmeticException())))
                .isFalse();
    }

    @Test
    void aCycleOfCausesEnds() {
        Exception outer = new Exception("outer");
        Exception inner = new Exception("inner", outer);
        outer.initCause(inner);
        assertThat(IdempotentConsumer.isTransient(outer)).isFalse();
        assertThat(IdempotentConsumer.isTransient(new IllegalStateException(new IOException("reset", outer)))).isTrue();
    }
}
