package health.rapport.notification.signal.service;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventPayload;
import health.rapport.notification.signal.repository.EngagementSignalEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Records engagement signals; nudge decisions (cooldowns, quiet hours, escalation) build on them. */
@ApplicationScoped
public class SignalService {

    /** Stores the signal; runs inside the consumer's transaction. */
    public Uni<Void> record(CloudEvent<? extends EventPayload> event) {
        EngagementSignalEntity signal = new EngagementSignalEntity();
        signal.eventId = event.id();
        signal.clinicianId = event.data().subject();
        signal.eventType = event.type();
        signal.occurredAt = event.time();
        signal.receivedAt = Instant.now();
        return signal.persist().replaceWithVoid();
    }

    public Uni<Long> countFor(String clinicianId) {
        return EngagementSignalEntity.count("clinicianId", clinicianId);
    }
}
