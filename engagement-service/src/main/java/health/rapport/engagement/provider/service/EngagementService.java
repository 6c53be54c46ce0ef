package health.rapport.engagement.provider.service;

import health.rapport.engagement.provider.repository.ClinicianDayEntity;
import health.rapport.engagement.provider.repository.MessageFactEntity;
import health.rapport.events.MessageKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Serves a clinician's engagement over a rolling window of clinic-local days, from day rows and facts. */
@ApplicationScoped
public class EngagementService {

    private static final List<MessageKind> PATIENT_KINDS = List.of(MessageKind.PATIENT_INITIATED, MessageKind.PATIENT_FOLLOW_UP);
    private static final List<MessageKind> CLINICIAN_KINDS = List.of(MessageKind.PROVIDER_INITIATED,
            MessageKind.PROVIDER_RESPONSE, MessageKind.PROVIDER_FOLLOW_UP);

    private final BusinessCalendar calendar;
    private final int targetBusinessDays;
    private final Clock clock;

    public EngagementService(BusinessCalendar calendar,
            @ConfigProperty(name = "rapport.engagement.target-business-days", defaultValue = "3") int targetBusinessDays) {
        this.calendar = calendar;
        this.targetBusinessDays = targetBusinessDays;
        this.clock = Clock.system(calendar.zone());
    }

    public record Window(int days, LocalDate from, LocalDate to, ZoneId zone) {
    }

    /**
     * Patient messages of the window: {@code judged} are those answered plus those unanswered past their target;
     * {@code shareWithinTarget} is answered within target over judged (null when nothing is judged yet).
     */
    public record Replies(long patientMessages, long answered, long answeredWithinTarget, long overdueUnanswered,
            long judged, Double shareWithinTarget, int targetBusinessDays) {
    }

    /** Response latency percentiles in seconds, from the merged histogram (within {@code relativeError}). */
    public record Latency(long responses, Long medianSeconds, Long p90Seconds, double relativeError) {
    }

    public record PersonalReplies(long personal, long templated, Double share) {
    }

    public record Patients(long messaged, long initiated) {
    }

    /** Patient messages still unanswered (any day), and the oldest one's age now. */
    public record Backlog(long unanswered, Instant oldestSentAt, Long oldestAgeSeconds) {
    }

    public record Summary(String providerId, Window window, Map<MessageKind, Long> counts, Replies replies,
            Latency latency, PersonalReplies personalReplies, Patients patients, Backlog backlog) {
    }

    /** The last {@code days} clinic-local days, today included. */
    public Uni<Summary> summary(String providerId, int days) {
        Instant now = clock.instant();
        LocalDate to = LocalDate.now(clock);
        LocalDate from = to.minusDays(days - 1L);
        return Panache.withSession(() -> ClinicianDayEntity.<ClinicianDayEntity>list(
                        "clinicianId = ?1 and day between ?2 and ?3", providerId, from, to)
                .flatMap(rows -> Panache.getSession().flatMap(session -> session.createSelectionQuery(
                                "select"
                                        + " count(distinct case when f.kind in (:clinician) then f.patientId end),"
                                        + " count(distinct case when f.kind = :initiated then f.patientId end),"
                                        + " sum(case when f.kind in (:patient) and f.answeredBy is null and f.dueAt < :now then 1 else 0 end)"
                                        + " from MessageFactEntity f where f.clinicianId = :c and f.day between :from and :to"
                                        + " and f.retracted = false", Object[].class)
                        .setParameter("clinician", CLINICIAN_KINDS)
                        .setParameter("initiated", MessageKind.PATIENT_INITIATED)
                        .setParameter("patient", PATIENT_KINDS)
                        .setParameter("now", now)
                        .setParameter("c", providerId)
                        .setParameter("from", from)
                        .setParameter("to", to)
                        .getSingleResult()
                        .flatMap(window -> session.createSelectionQuery("select count(f), min(f.sentAt) from"
                                        + " MessageFactEntity f where f.clinicianId = :c and f.kind in (:patient)"
                                        + " and f.retracted = false and f.answeredBy is null", Object[].class)
                                .setParameter("c", providerId)
                                .setParameter("patient", PATIENT_KINDS)
                                .getSingleResult()
                                .map(backlog -> summarise(providerId, new Window(days, from, to, calendar.zone()),
                                        rows, window, backlog, now))))));
    }

    private Summary summarise(String providerId, Window window, List<ClinicianDayEntity> rows, Object[] facts,
            Object[] backlogRow, Instant now) {
        Map<MessageKind, Long> counts = new EnumMap<>(MessageKind.class);
        for (MessageKind kind : MessageKind.values()) {
            counts.put(kind, 0L);
        }
        long answered = 0;
        long withinTarget = 0;
        long personal = 0;
        long templated = 0;
        LatencyHistogram histogram = new LatencyHistogram();
        for (ClinicianDayEntity row : rows) {
            counts.merge(MessageKind.PATIENT_INITIATED, (long) row.patientInitiated, Long::sum);
            counts.merge(MessageKind.PROVIDER_INITIATED, (long) row.providerInitiated, Long::sum);
            counts.merge(MessageKind.PROVIDER_RESPONSE, (long) row.providerResponse, Long::sum);
            counts.merge(MessageKind.PATIENT_FOLLOW_UP, (long) row.patientFollowUp, Long::sum);
            counts.merge(MessageKind.PROVIDER_FOLLOW_UP, (long) row.providerFollowUp, Long::sum);
            answered += row.answered;
            withinTarget += row.answeredWithinTarget;
            personal += row.personalResponses;
            templated += row.templatedResponses;
            histogram.addAll(HistogramText.parse(row.latencyHistogram));
        }
        long patientMessages = counts.get(MessageKind.PATIENT_INITIATED) + counts.get(MessageKind.PATIENT_FOLLOW_UP);
        long overdue = number(facts[2]);
        long judged = answered + overdue;
        Instant oldest = (Instant) backlogRow[1];
        return new Summary(providerId, window, counts,
                new Replies(patientMessages, answered, withinTarget, overdue, judged, share(withinTarget, judged),
                        targetBusinessDays),
                new Latency(histogram.total(), histogram.percentile(50), histogram.percentile(90),
                        LatencyHistogram.RELATIVE_ERROR),
                new PersonalReplies(personal, templated, share(personal, personal + templated)),
                new Patients(number(facts[0]), number(facts[1])),
                new Backlog(number(backlogRow[0]), oldest, oldest == null ? null : Duration.between(oldest, now).toSeconds()));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
