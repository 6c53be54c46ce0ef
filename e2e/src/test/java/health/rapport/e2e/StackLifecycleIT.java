package health.rapport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.stack.Component;
import health.rapport.stack.Stack;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What {@code ./rapport up} and {@code down} promise, checked on the suite's running stack. */
@ExtendWith(LocalStackExtension.class)
class StackLifecycleIT {

    @Test
    void aSecondUpWhileRunningChangesNothing() {
        Stack stack = LocalStackExtension.stack();
        List<Long> before = pids(stack);
        assertThat(stack.up()).isFalse();
        assertThat(pids(stack)).isEqualTo(before);
        assertThat(stack.status()).allSatisfy(line -> assertThat(line).contains("healthy"));
    }

    private static List<Long> pids(Stack stack) {
        return stack.components().stream().map(Component::process)
                .map(p -> p.running().orElseThrow().pid()).toList();
    }
}
