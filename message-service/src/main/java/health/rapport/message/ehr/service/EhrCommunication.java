package health.rapport.message.ehr.service;

import health.rapport.events.ParticipantRole;
import health.rapport.message.thread.service.AttachmentRef;
import java.time.Instant;
import java.util.List;

/**
 * A FHIR R4 Communication from an EHR, validated, in Rapport's terms. For {@link Status#ENTERED_IN_ERROR} (the
 * retraction of an earlier record) only {@code resourceKey} and {@code status} are guaranteed; the other fields
 * are filled where the record has them in a valid form, else null (lists empty).
 *
 * @param resourceKey {@code "Communication/<logical id>"}
 * @param versionId {@code meta.versionId}, or null
 * @param identifierKey {@code "<system>|<value>"} of the first identifier having both, or null
 * @param threadKey {@code partOf[0].identifier} as {@code "<system>|<value>"} if it has both, else
 *        {@code partOf[0].reference} as given, else null
 * @param threadSubject {@code topic.text} trimmed and cut to {@code ThreadCategories.SUBJECT_MAX}, or null
 * @param inResponseTo logical ids of the Communications answered (immutable, maybe empty)
 * @param patientId the subject's Patient logical id
 * @param clinicianId the Practitioner logical id among sender and recipient
 * @param senderRole {@code PATIENT} or {@code CLINICIAN}
 * @param body the single {@code payload[].contentString}, trimmed
 * @param category one of {@code ThreadCategories.CATEGORIES}
 * @param priority one of {@code ThreadCategories.PRIORITIES}, {@code routine} when absent
 * @param attachments the other payloads (immutable, at most {@code AttachmentRef.MAX_PER_MESSAGE})
 */
public record EhrCommunication(
        String resourceKey,
        String versionId,
        String identifierKey,
        Status status,
        String threadKey,
        String threadSubject,
        List<String> inResponseTo,
        String patientId,
        String clinicianId,
        ParticipantRole senderRole,
        Instant sent,
        String body,
        String category,
        String priority,
        List<AttachmentRef> attachments) {

    public enum Status {
        COMPLETED,
        ENTERED_IN_ERROR
    }

    public EhrCommunication {
        inResponseTo = inResponseTo == null ? List.of() : List.copyOf(inResponseTo);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** Like the record's but without the subject and body, which are message content and must not reach logs. */
    @Override
    public String toString() {
        return "EhrCommunication[resourceKey=" + resourceKey + ", versionId=" + versionId + ", identifierKey="
                + identifierKey + ", status=" + status + ", threadKey=" + threadKey + ", inResponseTo="
                + inResponseTo + ", patientId=" + patientId + ", clinicianId=" + clinicianId + ", senderRole="
                + senderRole + ", sent=" + sent + ", body=(" + (body == null ? "none" : body.length() + " chars")
                + "), category=" + category + ", priority=" + priority + ", attachments=" + attachments + "]";
    }
}
