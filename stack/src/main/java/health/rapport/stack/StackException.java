package health.rapport.stack;

/** A failure the user can act on; the command line prints its message without a stack trace. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
