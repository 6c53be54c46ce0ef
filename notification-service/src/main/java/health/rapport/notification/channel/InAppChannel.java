package health.rapport.notification.channel;

import health.rapport.events.NudgeChannel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The in-app inbox: the nudge is already stored, so delivering it means only that its time has come; from then on
 * {@code GET /api/v1/nudges} lists it.
 */
@ApplicationScoped
public class InAppChannel implements Channel {

    @Override
    public NudgeChannel kind() {
        return NudgeChannel.IN_APP;
    }

    @Override
    public Uni<Void> send(NudgeMessage message, String recipient) {
        return Uni.createFrom().voidItem();
    }
}
