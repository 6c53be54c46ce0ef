package health.rapport.simulator;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread, planned in full when it starts (its messages inside the span, in time order), then emitted message
 * by message as the generator's clock reaches each one. While it runs it also holds the truth bookkeeping of its
 * unanswered patient messages; it is dropped after its last message, so the generator holds only active threads.
 */
final class ThreadPlan {

    /** A planned message; {@code inResponseTo} are indices of earlier messages of the thread. */
    record Planned(long time, ParticipantRole sender, MessageKind kind, int[] inResponseTo, String text,
            boolean templated, long latencySeconds, long workingDelaySeconds) {
    }

    final String id;
    final int patient;
    final int clinician;
    final String category;
    final String priority;
    final String subject;
    final List<Planned> messages = new ArrayList<>(6);
    final List<String> messageIds = new ArrayList<>(6);
    int cursor;

    // Truth bookkeeping, updated as messages are emitted.
    long[] unanswered = new long[2];
    int unansweredCount;

    ThreadPlan(String id, int patient, int clinician, String category, String priority, String subject) {
        this.id = id;
        this.patient = patient;
        this.clinician = clinician;
        this.category = category;
        this.priority = priority;
        this.subject = subject;
    }

    void add(Planned message) {
        messages.add(message);
        messageIds.add(Ids.message(id, messages.size()));
    }

    int size() {
        return messages.size();
    }

    long lastTime() {
        return messages.get(messages.size() - 1).time();
    }

    long time(int index) {
        return messages.get(index).time();
    }

    void addUnanswered(long sent) {
        if (unansweredCount == unanswered.length) {
            unanswered = java.util.Arrays.copyOf(unanswered, unansweredCount * 2);
        }
        unanswered[unansweredCount++] = sent;
    }
}
