package health.rapport.message.thread.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ThreadRepository implements PanacheRepositoryBase<ThreadEntity, UUID> {

    /** Loads a thread and locks it, so that concurrent messages on one thread get their kinds in order. */
    public Uni<ThreadEntity> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * One page of a participant's threads, newest first; {@code after} is the last row of the previous page.
     * The column is {@code patient_id} or {@code clinician_id}, chosen by the caller's role, never by input.
     */
    public Uni<List<ThreadEntity>> page(boolean asPatient, String personId, Instant afterTime, UUID afterId, int size) {
        String owner = asPatient ? "patientId" : "clinicianId";
        if (afterTime == null) {
            return find(owner + " = :person order by lastMessageAt desc, id desc", Parameters.with("person", personId))
                    .page(0, size).list();
        }
        return find(owner + " = :person and (lastMessageAt < :time or (lastMessageAt = :time and id < :id))"
                        + " order by lastMessageAt desc, id desc",
                Parameters.with("person", personId).and("time", afterTime).and("id", afterId))
                .page(0, size).list();
    }
}
