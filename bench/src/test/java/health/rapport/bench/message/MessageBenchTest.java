package health.rapport.bench.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageBenchTest {

    @Test
    void bodiesBecomeJsonStrings() {
        assertThat(MessageBench.json("plain")).isEqualTo("\"plain\"");
        assertThat(MessageBench.json("say \"hi\"\\\n\tnow\u0001")).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\tnow\\u0001\"");
    }

    @Test
    void targetsAreJudgedStrictly() {
        assertThat(MessageBench.met(true)).isEqualTo("met");
        assertThat(MessageBench.met(false)).isEqualTo("MISSED");
    }
}
