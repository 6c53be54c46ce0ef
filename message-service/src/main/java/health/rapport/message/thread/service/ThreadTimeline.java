package health.rapport.message.thread.service;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The study's classification of every message of a thread, decided by replaying the thread in time order
 * (sent time, then id). Replaying the whole thread, rather than looking only at the newest message, is what
 * lets EHR history arrive out of order or be retracted: the result is the same whatever the arrival order.
 *
 * <ul>
 *   <li>the first message is {@code PATIENT_INITIATED} or {@code PROVIDER_INITIATED} by its sender;</li>
 *   <li>a later patient message is {@code PATIENT_FOLLOW_UP};</li>
 *   <li>a clinician message while patient messages wait is {@code PROVIDER_RESPONSE}: it answers all of them,
 *       and its latency runs from the oldest;</li>
 *   <li>any other clinician message is {@code PROVIDER_FOLLOW_UP}.</li>
 * </ul>
 * Retracted messages take no part.
 */
public final class ThreadTimeline {

    private static final Comparator<Entry> TIME_ORDER =
            Comparator.comparing(Entry::sentAt).thenComparing(Entry::id);

    private ThreadTimeline() {
    }

    public record Entry(UUID id, ParticipantRole senderRole, Instant sentAt, boolean retracted) {
    }

    /**
     * @param answeredBy for patient messages: the clinician message that answered it, null while waiting
     * @param latencySeconds for responses: seconds since the oldest waiting patient message
     * @param answered for responses: the patient messages it answers, oldest first
     */
    public record Classification(MessageKind kind, UUID answeredBy, Long latencySeconds, List<UUID> answered) {
    }

    /** The classification of every message that is not retracted, by message id. */
    public static Map<UUID, Classification> classify(List<Entry> messages) {
        List<Entry> ordered = messages.stream().filter(m -> !m.retracted()).sorted(TIME_ORDER).toList();
        Map<UUID, MessageKind> kinds = new HashMap<>();
        Map<UUID, UUID> answeredBy = new HashMap<>();
        Map<UUID, Long> latencies = new HashMap<>();
        Map<UUID, List<UUID>> answered = new HashMap<>();
        List<Entry> waiting = new ArrayList<>();
        for (Entry message : ordered) {
            boolean patient = message.senderRole() == ParticipantRole.PATIENT;
            if (kinds.isEmpty()) {
                kinds.put(message.id(), patient ? MessageKind.PATIENT_INITIATED : MessageKind.PROVIDER_INITIATED);
            } else if (patient) {
                kinds.put(message.id(), MessageKind.PATIENT_FOLLOW_UP);
            } else if (!waiting.isEmpty()) {
                kinds.put(message.id(), MessageKind.PROVIDER_RESPONSE);
                latencies.put(message.id(), Duration.between(waiting.get(0).sentAt(), message.sentAt()).toSeconds());
                answered.put(message.id(), waiting.stream().map(Entry::id).toList());
                waiting.forEach(w -> answeredBy.put(w.id(), message.id()));
                waiting.clear();
            } else {
                kinds.put(message.id(), MessageKind.PROVIDER_FOLLOW_UP);
            }
            if (patient) {
                waiting.add(message);
            }
        }
        Map<UUID, Classification> result = new HashMap<>();
        for (Entry message : ordered) {
            UUID id = message.id();
            result.put(id, new Classification(kinds.get(id), answeredBy.get(id), latencies.get(id),
                    answered.getOrDefault(id, List.of())));
        }
        return result;
    }
}
