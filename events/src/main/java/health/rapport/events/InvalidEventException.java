package health.rapport.events;

/** A record that is not a valid Rapport event; it belongs on the dead-letter topic. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
