package health.rapport.engagement.provider.service;

import health.rapport.engagement.provider.repository.DailyCountRepository;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Counts the message stream per clinician and day, and serves rolling windows over those days. */
@ApplicationScoped
public class EngagementService {

    private final DailyCountRepository counts;
    private final ZoneId clinicZone;
    private final Clock clock;

    public EngagementService(DailyCountRepository counts,
            @ConfigProperty(name = "rapport.engagement.clinic-zone") ZoneId clinicZone) {
        this.counts = counts;
        this.clinicZone = clinicZone;
        this.clock = Clock.system(clinicZone);
    }

    /** Counts one message; runs inside the consumer's transaction. */
    public Uni<Void> count(MessageSent message) {
        LocalDate day = message.sentAt().atZone(clinicZone).toLocalDate();
        return counts.increment(message.clinicianId(), day, message.kind(), 1);
    }

    public record Window(int days, LocalDate from, LocalDate to, ZoneId zone) {
    }

    public record Summary(String providerId, Window window, Map<MessageKind, Long> counts) {
    }

    /** The last {@code days} clinic-local days, today included. */
    public Uni<Summary> summary(String providerId, int days) {
        LocalDate to = LocalDate.now(clock);
        LocalDate from = to.minusDays(days - 1L);
        return counts.totals(providerId, from, to)
                .map(totals -> new Summary(providerId, new Window(days, from, to, clinicZone), totals));
    }
}
