package health.rapport.engagement.provider.repository;

import health.rapport.events.MessageKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/** Per-clinician, per-day, per-kind message counts in table {@code clinician_daily_count}. */
@ApplicationScoped
public class DailyCountRepository {

    /** Adds to a day's count within the current transaction. */
    public Uni<Void> increment(String clinicianId, LocalDate day, MessageKind kind, long by) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into clinician_daily_count (clinician_id, day, kind, count) values (:c, :d, :k, :n) "
                                + "on conflict (clinician_id, day, kind) "
                                + "do update set count = clinician_daily_count.count + excluded.count")
                .setParameter("c", clinicianId)
                .setParameter("d", day)
                .setParameter("k", kind.name())
                .setParameter("n", by)
                .executeUpdate()).replaceWithVoid();
    }

    /** Totals per kind over {@code from..to} inclusive; every kind is present, zero when absent. */
    public Uni<Map<MessageKind, Long>> totals(String clinicianId, LocalDate from, LocalDate to) {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select kind, sum(count) from clinician_daily_count where clinician_id = :c "
                                + "and day between :from and :to group by kind", Object[].class)
                .setParameter("c", clinicianId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList()))
                .map(rows -> {
                    Map<MessageKind, Long> totals = new EnumMap<>(MessageKind.class);
                    for (MessageKind kind : MessageKind.values()) {
                        totals.put(kind, 0L);
                    }
                    for (Object[] row : rows) {
                        totals.put(MessageKind.valueOf((String) row[0]), ((Number) row[1]).longValue());
                    }
                    return totals;
                });
    }
}
