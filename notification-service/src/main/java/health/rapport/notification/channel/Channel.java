package health.rapport.notification.channel;

import health.rapport.events.NudgeChannel;
import io.smallrye.mutiny.Uni;

/** A way to deliver a nudge. {@link #send} completes when the channel accepted it and fails when it did not. */
public interface Channel {

    NudgeChannel kind();

    /** @param recipient the delivery's recipient: an e-mail address, the clinician id, or the organisation */
    Uni<Void> send(NudgeMessage message, String recipient);
}
