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

    public record ThreadView(String id, String patient, String clinician, String subject, String category,
            String priority, String status, String origin, Instant createdAt, Instant lastMessageAt, long unread) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageView(String id, String threadId, String sender, MessageKind kind, Instant sentAt,
            String body, String inResponseTo) {
    }

    public record ThreadPage(List<ThreadView> items, String next) {
    }

    public record ThreadWithMessages(@JsonUnwrapped ThreadView thread, List<MessageView> messages, String next) {
    }
}
