package health.rapport.message.thread.service;

import health.rapport.events.CloudEvent;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.TextFingerprint;
import health.rapport.message.thread.repository.MessageEntity;
import health.rapport.message.thread.repository.ThreadEntity;
import health.rapport.message.thread.service.ThreadTimeline.Classification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Brings a thread's stored messages in line with {@link ThreadTimeline} after messages were added or retracted,
 * and names the events that must go out: a first {@code MessageSent} for each new message, and a higher revision
 * for each earlier message whose kind, latency or answered messages changed (history arrived out of order) or
 * that was retracted. Used by the portal API and the EHR inbound alike, so both classify the same way.
 */
public final class Reclassification {

    public static final String SOURCE = "/rapport/message-service";

    private Reclassification() {
    }

    /**
     * @param messages     every message of the thread, the new ones included, retracted ones too
     * @param fresh        ids of the messages added in this transaction
     * @param retractedNow ids of the messages retracted in this transaction
     */
    public static List<CloudEvent<MessageSent>> apply(ThreadEntity thread, List<MessageEntity> messages,
            Set<UUID> fresh, Set<UUID> retractedNow, Instant now) {
        return apply(thread, messages, fresh, retractedNow, Set.of(), now);
    }

    /**
     * @param edited ids of earlier messages whose text or time a newer EHR version changed: they get a higher
     *               revision (new fingerprint, new time) even when their classification stays the same
     */
    public static List<CloudEvent<MessageSent>> apply(ThreadEntity thread, List<MessageEntity> messages,
            Set<UUID> fresh, Set<UUID> retractedNow, Set<UUID> edited, Instant now) {
        Map<UUID, Classification> result = ThreadTimeline.classify(messages.stream()
                .map(m -> new ThreadTimeline.Entry(m.id, m.senderRole, m.sentAt, m.retracted())).toList());
        Map<UUID, List<UUID>> answeredBefore = new java.util.HashMap<>();
        for (MessageEntity m : messages) {
            if (m.answeredBy != null && !fresh.contains(m.id)) {
                answeredBefore.computeIfAbsent(m.answeredBy, k -> new ArrayList<>()).add(m.id);
            }
        }
        List<MessageEntity> ordered = messages.stream()
                .sorted(Comparator.comparing((MessageEntity m) -> m.sentAt).thenComparing(m -> m.id)).toList();
        List<CloudEvent<MessageSent>> events = new ArrayList<>();
        Instant last = null;
        for (MessageEntity message : ordered) {
            Classification c = result.get(message.id);
            if (c == null) {
                message.answeredBy = null;
                if (message.kind == null) {
                    // Retracted before it ever counted (its retraction arrived first): it takes no part in the
                    // thread, and the stored kind only says who wrote it.
                    message.kind = message.senderRole == health.rapport.events.ParticipantRole.PATIENT
                            ? MessageKind.PATIENT_FOLLOW_UP : MessageKind.PROVIDER_FOLLOW_UP;
                }
                if (retractedNow.contains(message.id)) {
                    message.revision++;
                    events.add(event(thread, message, answeredBefore.getOrDefault(message.id, List.of()), now));
                }
                continue;
            }
            last = message.sentAt;
            boolean isNew = fresh.contains(message.id);
            List<UUID> oldAnswered = answeredBefore.getOrDefault(message.id, List.of());
            boolean changed = !isNew && (edited.contains(message.id) || message.kind != c.kind()
                    || !Objects.equals(message.responseLatencySeconds, c.latencySeconds())
                    || !Set.copyOf(oldAnswered).equals(Set.copyOf(c.answered())));
            message.kind = c.kind();
            message.responseLatencySeconds = c.latencySeconds();
            message.answeredBy = c.answeredBy();
            if (isNew) {
                events.add(event(thread, message, c.answered(), message.sentAt));
            } else if (changed) {
                message.revision++;
                events.add(event(thread, message, c.answered(), now));
            }
        }
        if (last != null && (thread.lastMessageAt == null || last.isAfter(thread.lastMessageAt))) {
            thread.lastMessageAt = last;
        }
        return events;
    }

    static CloudEvent<MessageSent> event(ThreadEntity thread, MessageEntity message, List<UUID> answered,
            Instant time) {
        boolean response = message.kind == MessageKind.PROVIDER_RESPONSE;
        MessageSent data = new MessageSent(message.id.toString(), thread.id.toString(), thread.patientId,
                thread.clinicianId, message.senderId, message.senderRole, message.kind,
                thread.origin.name().toLowerCase(), thread.category, thread.priority, message.sentAt,
                message.inResponseTo == null ? null : message.inResponseTo.toString(),
                response ? message.responseLatencySeconds : null,
                response ? answered.stream().map(UUID::toString).toList() : null,
                TextFingerprint.hex(message.textFingerprint), message.body.length(), message.revision,
                message.retracted() ? Boolean.TRUE : null,
                message.attachmentCount == 0 ? null : message.attachmentCount);
        return CloudEvent.of(SOURCE, time, data);
    }
}
