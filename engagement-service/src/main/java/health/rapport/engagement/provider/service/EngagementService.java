package health.rapport.engagement.provider.service;

import health.rapport.events.MessageKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Serves a clinician's engagement over a rolling window of clinic-local days, from day rows and facts. */
@ApplicationScoped
public class EngagementService {

    private final BusinessCalendar calendar;
    private final int targetBusinessDays;
    private final Clock clock;
    private final Pool pool;

    public EngagementService(BusinessCalendar calendar, Pool pool,
            @ConfigProperty(name = "rapport.engagement.target-business-days", defaultValue = "3") int targetBusinessDays) {
        this.calendar = calendar;
        this.targetBusinessDays = targetBusinessDays;
        this.clock = Clock.system(calendar.zone());
        this.pool = pool;
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

    /**
     * The window's sums of day rows and the facts' distinct patients, overdue replies and backlog, in one statement
     * (one round trip, no entities): the read every portal and report makes, kept to the work of its indexes
     * ({@code clinician_day}'s key, {@code message_fact_clinician_day}, {@code message_fact_waiting}).
     */
    private static final String SUMMARY = """
            select d.*, f.*, b.* from
            (select coalesce(sum(patient_initiated), 0), coalesce(sum(provider_initiated), 0),
                    coalesce(sum(provider_response), 0), coalesce(sum(patient_follow_up), 0),
                    coalesce(sum(provider_follow_up), 0), coalesce(sum(answered), 0),
                    coalesce(sum(answered_within_target), 0), coalesce(sum(personal_responses), 0),
                    coalesce(sum(templated_responses), 0), coalesce(array_agg(latency_histogram), '{}')
             from clinician_day where clinician_id = $1 and day between $2 and $3) d,
            (select count(distinct case when kind in ('PROVIDER_INITIATED', 'PROVIDER_RESPONSE', 'PROVIDER_FOLLOW_UP')
                                        then patient_id end),
                    count(distinct case when kind = 'PATIENT_INITIATED' then patient_id end),
                    count(*) filter (where kind in ('PATIENT_INITIATED', 'PATIENT_FOLLOW_UP') and answered_by is null
                                     and due_at < $4)
             from message_fact where clinician_id = $1 and day between $2 and $3 and not retracted) f,
            (select count(*), min(sent_at) from message_fact
             where clinician_id = $1 and kind in ('PATIENT_INITIATED', 'PATIENT_FOLLOW_UP') and not retracted
               and answered_by is null) b""";

    /** The last {@code days} clinic-local days, today included. */
    public Uni<Summary> summary(String providerId, int days) {
        Instant now = clock.instant();
        LocalDate to = LocalDate.now(clock);
        LocalDate from = to.minusDays(days - 1L);
        return pool.preparedQuery(SUMMARY).execute(Tuple.of(providerId, from, to, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> summarise(providerId, new Window(days, from, to, calendar.zone()), rows.iterator().next(),
                        now));
    }

    private Summary summarise(String providerId, Window window, Row row, Instant now) {
        Map<MessageKind, Long> counts = new EnumMap<>(MessageKind.class);
        counts.put(MessageKind.PATIENT_INITIATED, row.getLong(0));
        counts.put(MessageKind.PROVIDER_INITIATED, row.getLong(1));
        counts.put(MessageKind.PROVIDER_RESPONSE, row.getLong(2));
        counts.put(MessageKind.PATIENT_FOLLOW_UP, row.getLong(3));
        counts.put(MessageKind.PROVIDER_FOLLOW_UP, row.getLong(4));
        long answered = row.getLong(5);
        long withinTarget = row.getLong(6);
        long personal = row.getLong(7);
        long templated = row.getLong(8);
        LatencyHistogram histogram = new LatencyHistogram();
        for (String text : row.getArrayOfStrings(9)) {
            histogram.addAll(HistogramText.parse(text));
        }
        long patientMessages = counts.get(MessageKind.PATIENT_INITIATED) + counts.get(MessageKind.PATIENT_FOLLOW_UP);
        long overdue = row.getLong(12);
        long judged = answered + overdue;
        OffsetDateTime oldestTime = row.getOffsetDateTime(14);
        Instant oldest = oldestTime == null ? null : oldestTime.toInstant();
        return new Summary(providerId, window, counts,
                new Replies(patientMessages, answered, withinTarget, overdue, judged, share(withinTarget, judged),
                        targetBusinessDays),
                new Latency(histogram.total(), histogram.percentile(50), histogram.percentile(90),
                        LatencyHistogram.RELATIVE_ERROR),
                new PersonalReplies(personal, templated, share(personal, personal + templated)),
                new Patients(row.getLong(10), row.getLong(11)),
                new Backlog(row.getLong(13), oldest, oldest == null ? null : Duration.between(oldest, now).toSeconds()));
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
