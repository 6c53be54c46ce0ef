package health.rapport.message.thread.rest;

import java.util.List;

/** Request bodies of the thread API. Fields are strings so that wrong values get a field-level reason. */
public final class ThreadRequests {

    private ThreadRequests() {
    }

    /** {@code POST /api/v1/threads}. */
    public record NewThread(String recipient, String subject, String category, String priority, String body,
            List<Attachment> attachments) {
    }

    /** {@code POST /api/v1/threads/{id}/messages}. */
    public record NewMessage(String body, String inResponseTo, List<Attachment> attachments) {
    }

    /** {@code POST /api/v1/threads/{id}/read}: up to which message (default: the latest). */
    public record MarkRead(String upTo) {
    }

    /** An attachment reference: the file itself lives in a document store the URL points to. */
    public record Attachment(String contentType, Long size, String sha256, String url) {
    }
}
