package health.rapport.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.events.InvalidEventException;
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
    void aBadEventOrABugIsNot() {
        assertThat(IdempotentConsumer.isTransient(new InvalidEventException("unknown type"))).isFalse();
        assertThat(IdempotentConsumer.isTransient(new NullPointerException())).isFalse();
        assertThat(IdempotentConsumer.isTransient(new IllegalArgumentException("bad", new ArithmeticException())))
                .isFalse();
    }
}
