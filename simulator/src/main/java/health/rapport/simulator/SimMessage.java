package health.rapport.simulator;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import java.time.Instant;
import java.util.List;

/**
 * A generated message, rendered as a FHIR R4 Communication ({@link FhirJson#communication}). The last members are
 * the simulation's truth about it, by construction; they are not in the FHIR resource.
 *
 * @param threadId           the thread's id: {@code partOf[0]} of the Communication
 * @param index              1-based position in the thread
 * @param sender             {@code PATIENT} or {@code CLINICIAN}
 * @param inResponseTo       ids of the messages this one answers (a response: every unanswered patient message
 *                           of the thread, oldest first; a patient's answer: the clinician message it answers)
 * @param category           the thread's category (one of message-service's ThreadCategories)
 * @param priority           FHIR request priority
 * @param subject            the thread's subject ({@code topic.text})
 * @param kind               the kind message-service will give it
 * @param templated          for a PROVIDER_RESPONSE: written from one of the clinician's templates; else false
 * @param latencySeconds     for a PROVIDER_RESPONSE: seconds since the oldest unanswered patient message (what
 *                           message-service reports); else -1
 * @param workingDelaySeconds for a PROVIDER_RESPONSE: the drawn reply delay in working seconds; else -1
 */
public record SimMessage(String id, String threadId, int index, int patientIndex, String patientId,
        int clinicianIndex, String clinicianId, ParticipantRole sender, Instant sent, List<String> inResponseTo,
        String category, String priority, String subject, String text, MessageKind kind, boolean templated,
        long latencySeconds, long workingDelaySeconds) implements SimEvent {

    @Override
    public Instant time() {
        return sent;
    }

    public boolean fromPatient() {
        return sender == ParticipantRole.PATIENT;
    }
}
