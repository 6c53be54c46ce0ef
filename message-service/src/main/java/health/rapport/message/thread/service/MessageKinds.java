package health.rapport.message.thread.service;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;

/** The study's classification of a message, from who sends it and the state of its thread. */
public final class MessageKinds {

    private MessageKinds() {
    }

    /**
     * @param firstInThread   whether the thread has no message yet
     * @param unansweredCount patient messages in the thread no clinician has answered yet
     */
    public static MessageKind classify(ParticipantRole sender, boolean firstInThread, int unansweredCount) {
        boolean patient = sender == ParticipantRole.PATIENT;
        if (firstInThread) {
            return patient ? MessageKind.PATIENT_INITIATED : MessageKind.PROVIDER_INITIATED;
        }
        if (patient) {
            return MessageKind.PATIENT_FOLLOW_UP;
        }
        return unansweredCount > 0 ? MessageKind.PROVIDER_RESPONSE : MessageKind.PROVIDER_FOLLOW_UP;
    }
}
