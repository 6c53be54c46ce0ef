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
        Replay replay = new Replay(false, List.of());
        Map<UUID, Classification> result = new HashMap<>();
        Map<UUID, UUID> answeredBy = new HashMap<>();
        for (Entry message : ordered) {
            Classification c = replay.next(message);
            result.put(message.id(), c);
            c.answered().forEach(answered -> answeredBy.put(answered, message.id()));
        }
        result.replaceAll((id, c) -> answeredBy.containsKey(id)
                ? new Classification(c.kind(), answeredBy.get(id), c.latencySeconds(), c.answered()) : c);
        return result;
    }

    /**
     * The classification of a message appended after every visible message of a thread, from the thread's state
     * alone: whether it has a visible message and its patient messages still waiting (oldest first). Equal to
     * {@link #classify} of the whole thread for the appended message, without loading the thread; earlier
     * messages keep their kinds, except that the waiting ones are answered when a response comes.
     */
    public static Classification append(boolean threadHasVisible, List<Entry> waiting, Entry appended) {
        return new Replay(threadHasVisible, waiting).next(appended);
    }

    /** The replay's state between messages in time order: one step decides one message. */
    private static final class Replay {

        private boolean started;
        private final List<Entry> waiting;

        Replay(boolean started, List<Entry> waiting) {
            this.started = started;
            this.waiting = new ArrayList<>(waiting);
        }

        /** The message's classification; its {@code answeredBy} is left null (a later response decides it). */
        Classification next(Entry message) {
            boolean patient = message.senderRole() == ParticipantRole.PATIENT;
            Classification result;
            if (!started) {
                result = new Classification(patient ? MessageKind.PATIENT_INITIATED : MessageKind.PROVIDER_INITIATED,
                        null, null, List.of());
            } else if (patient) {
                result = new Classification(MessageKind.PATIENT_FOLLOW_UP, null, null, List.of());
            } else if (!waiting.isEmpty()) {
                result = new Classification(MessageKind.PROVIDER_RESPONSE, null,
                        Duration.between(waiting.get(0).sentAt(), message.sentAt()).toSeconds(),
                        waiting.stream().map(Entry::id).toList());
                waiting.clear();
            } else {
                result = new Classification(MessageKind.PROVIDER_FOLLOW_UP, null, null, List.of());
            }
            started = true;
            if (patient) {
                waiting.add(message);
            }
            return result;
        }
    }
}
