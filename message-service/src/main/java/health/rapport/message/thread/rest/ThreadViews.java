package health.rapport.message.thread.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import health.rapport.events.MessageKind;
import java.time.Instant;
import java.util.List;

/** Response bodies of the thread API. People are FHIR references ({@code Patient/<id>}, {@code Practitioner/<id>}). */
public final class ThreadViews {

    private ThreadViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ThreadView(String id, String patient, String clinician, String subject, String category,
            String priority, String status, String origin, Instant createdAt, Instant lastMessageAt,
            Instant closedAt, Long unread) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageView(String id, String threadId, String sender, MessageKind kind, Instant sentAt,
            String body, String inResponseTo, List<AttachmentView> attachments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttachmentView(String contentType, long size, String sha256, String url, String ehrReference) {
    }

    /** How far a participant has read the thread. */
    public record ReceiptView(String reader, Instant lastReadAt, String lastReadMessageId) {
    }

    public record ThreadPage(List<ThreadView> items, String next) {
    }

    public record ThreadWithMessages(@JsonUnwrapped ThreadView thread, List<MessageView> messages,
            List<ReceiptView> receipts, String next) {
    }

    public record UnreadCountView(long threads, long messages) {
    }
}
