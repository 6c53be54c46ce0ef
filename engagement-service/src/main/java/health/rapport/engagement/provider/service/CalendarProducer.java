package health.rapport.engagement.provider.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The clinic's calendar from configuration: its time zone and holidays (ISO dates, comma-separated). */
public class CalendarProducer {

    @Produces
    @Singleton
    BusinessCalendar calendar(@ConfigProperty(name = "rapport.engagement.clinic-zone") ZoneId zone,
            @ConfigProperty(name = "rapport.engagement.holidays") Optional<List<LocalDate>> holidays) {
        return new BusinessCalendar(zone, holidays.orElse(List.of()));
    }
}
