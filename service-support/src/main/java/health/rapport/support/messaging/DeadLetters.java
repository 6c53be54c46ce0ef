package health.rapport.support.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends records that cannot be applied to their topic's dead-letter topic, unchanged, with the reason and origin
 * in the headers SmallRye's own dead-letter strategy uses ({@code dead-letter-reason}, {@code -topic},
 * {@code -partition}, {@code -offset}). Reasons name a field and never quote message text.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    public record DeadLetter(KafkaRecord<String, String> record, String reason) {
    }

    private DeadLetters() {
    }

    public static Uni<Void> send(MutinyEmitter<String> emitter, String deadLetterTopic, List<DeadLetter> dead) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (DeadLetter letter : dead) {
            KafkaRecord<String, String> record = letter.record();
            long offset = offset(record);
            LOG.warnf("%s-%d@%d dead-lettered: %s", record.getTopic(), record.getPartition(), offset, letter.reason());
            RecordHeaders headers = new RecordHeaders();
            headers.add("dead-letter-reason", letter.reason().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-topic", record.getTopic().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-partition", Integer.toString(record.getPartition()).getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(deadLetterTopic).withKey(record.getKey()).withHeaders(headers).build();
            sends.add(emitter.sendMessage(Message.of(record.getPayload() == null ? "" : record.getPayload())
                    .addMetadata(metadata)));
        }
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    public static long offset(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L);
    }
}
