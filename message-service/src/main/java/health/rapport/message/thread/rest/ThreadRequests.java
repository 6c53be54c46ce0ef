package health.rapport.message.thread.rest;

/** Request bodies of the thread API. Fields are strings so that wrong values get a field-level reason. */
public final class ThreadRequests {

    private ThreadRequests() {
    }

    /** {@code POST /api/v1/threads}. */
    public record NewThread(String recipient, String subject, String category, String priority, String body) {
    }

    /** {@code POST /api/v1/threads/{id}/messages}. */
    public record NewMessage(String body, String inResponseTo) {
    }
}
