package health.rapport.message.thread.service;

import health.rapport.events.CloudEvent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.TextFingerprint;
import health.rapport.events.ThreadClosed;
import health.rapport.events.ThreadRead;
import health.rapport.events.ThreadReopened;
import health.rapport.message.thread.repository.AttachmentEntity;
import health.rapport.message.thread.repository.ContentAccessEntity;
import health.rapport.message.thread.repository.Directory;
import health.rapport.message.thread.repository.MessageEntity;
import health.rapport.message.thread.repository.MessageRepository;
import health.rapport.message.thread.repository.ReadStateEntity;
import health.rapport.message.thread.repository.ThreadEntity;
import health.rapport.message.thread.repository.ThreadRepository;
import health.rapport.support.outbox.Outbox;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.security.FhirReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Threads and messages for portal callers. Every change and its events are written in one transaction (the
 * events through the outbox), and the relay is woken after commit so events leave within milliseconds.
 * Methods that change data expect to run inside a transaction (the resource opens it, together with the
 * Idempotency-Key record); reads open their own session.
 */
@ApplicationScoped
public class ThreadService {

    private final ThreadRepository threads;
    private final MessageRepository messages;
    private final Directory directory;
    private final Outbox outbox;
    private final Clock clock;
    private final Pool pool;

    public ThreadService(ThreadRepository threads, MessageRepository messages, Directory directory, Outbox outbox,
            Pool pool) {
        this.threads = threads;
        this.messages = messages;
        this.directory = directory;
        this.outbox = outbox;
        this.pool = pool;
        this.clock = Clock.systemUTC();
    }

    /** A validated request to open a thread. */
    public record OpenThread(FhirReference sender, FhirReference recipient, String subject, String category,
            String priority, String body, List<AttachmentRef> attachments) {
    }

    public record Posted(ThreadEntity thread, MessageEntity message, List<AttachmentEntity> attachments) {
    }

    /** Opens a thread with its first message; the recipient must be known and in a care relationship. */
    public Uni<Posted> open(OpenThread command) {
        FhirReference patient = command.sender().isPatient() ? command.sender() : command.recipient();
        FhirReference clinician = command.sender().isPatient() ? command.recipient() : command.sender();
        return directory.isKnown(command.recipient()).flatMap(known -> {
            if (!known) {
                throw ProblemException.unprocessable("recipient", "is not a patient or clinician Rapport knows");
            }
            return directory.inCare(patient.id(), clinician.id());
        }).flatMap(inCare -> {
            if (!inCare) {
                throw ProblemException.unprocessable("recipient", command.sender().isPatient()
                        ? "is not one of your care team" : "is not a patient in your care");
            }
            Instant now = now();
            ThreadEntity thread = new ThreadEntity();
            thread.id = UUID.randomUUID();
            thread.patientId = patient.id();
            thread.clinicianId = clinician.id();
            thread.subject = command.subject();
            thread.category = command.category();
            thread.priority = command.priority();
            thread.status = ThreadEntity.Status.OPEN;
            thread.origin = ThreadEntity.Origin.PORTAL;
            thread.createdAt = now;
            thread.lastMessageAt = now;
            MessageEntity message = newMessage(thread, command.sender(), command.body(), now, command.attachments());
            List<AttachmentEntity> attachments = attachmentsOf(message, command.attachments());
            return threads.persist(thread)
                    .flatMap(ignored -> add(thread, List.of(), message, attachments))
                    .map(ignored -> new Posted(thread, message, attachments));
        });
    }

    /**
     * Adds a message by one of the thread's two participants; anyone else gets 404, as if it did not exist.
     * A message sent after every visible message of the thread (the portal's usual case) is classified from the
     * thread's waiting patient messages alone, a few rows whatever the thread's length; only a thread holding
     * EHR messages dated at or after now is replayed whole, as the EHR inbound does.
     */
    public Uni<Posted> reply(FhirReference sender, UUID threadId, String body, UUID inResponseTo,
            List<AttachmentRef> attachmentRefs) {
        return threads.findForUpdate(threadId)
                .map(thread -> requireParticipant(thread, sender))
                .flatMap(thread -> {
                    if (thread.status == ThreadEntity.Status.CLOSED) {
                        throw ProblemException.conflict("thread-closed",
                                "the thread is closed; reopen it (POST .../reopen) or start a new one");
                    }
                    MessageEntity message = newMessage(thread, sender, body, now(), attachmentRefs);
                    message.inResponseTo = inResponseTo;
                    List<AttachmentEntity> attachments = attachmentsOf(message, attachmentRefs);
                    Uni<Boolean> respondsToVisible = inResponseTo == null ? Uni.createFrom().item(true)
                            : messages.isVisibleIn(thread.id, inResponseTo);
                    return respondsToVisible.flatMap(visible -> {
                        if (!visible) {
                            throw ProblemException.unprocessable("inResponseTo", "is not a message of this thread");
                        }
                        return messages.latestVisibleAt(thread.id);
                    }).flatMap(latest -> latest != null && message.sentAt.isAfter(latest)
                            ? append(thread, message, attachments)
                            : messages.allOf(List.of(thread.id))
                                    .flatMap(existing -> add(thread, existing, message, attachments)))
                            .map(ignored -> new Posted(thread, message, attachments));
                });
    }

    /** Adds a message that comes after every visible message: earlier kinds stay, waiting messages get answered. */
    private Uni<Void> append(ThreadEntity thread, MessageEntity message, List<AttachmentEntity> attachments) {
        return messages.waiting(thread.id).flatMap(waiting -> {
            ThreadTimeline.Classification c = ThreadTimeline.append(true, waiting.stream().map(ThreadService::entry)
                    .toList(), entry(message));
            message.kind = c.kind();
            message.responseLatencySeconds = c.latencySeconds();
            waiting.stream().filter(m -> c.answered().contains(m.id)).forEach(m -> m.answeredBy = message.id);
            if (message.sentAt.isAfter(thread.lastMessageAt)) {
                thread.lastMessageAt = message.sentAt;
            }
            return messages.persist(message)
                    .flatMap(ignored -> persistAll(attachments))
                    .flatMap(ignored -> outbox.enqueue(Reclassification.event(thread, message, c.answered(),
                            message.sentAt)));
        });
    }

    private static ThreadTimeline.Entry entry(MessageEntity m) {
        return new ThreadTimeline.Entry(m.id, m.senderRole, m.sentAt, m.retracted());
    }

    private Uni<Void> add(ThreadEntity thread, List<MessageEntity> existing, MessageEntity message,
            List<AttachmentEntity> attachments) {
        List<MessageEntity> all = new ArrayList<>(existing);
        all.add(message);
        List<CloudEvent<?>> events = new ArrayList<>(Reclassification.apply(thread, all, Set.of(message.id), Set.of(),
                now()));
        return messages.persist(message)
                .flatMap(ignored -> persistAll(attachments))
                .flatMap(ignored -> outbox.enqueueAll(events));
    }

    private static Uni<Void> persistAll(List<AttachmentEntity> attachments) {
        if (attachments.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.persistAll(attachments.toArray()));
    }

    /** Marks the thread read by the caller up to its latest message, or up to {@code upTo}. */
    public Uni<ThreadEntity> markRead(FhirReference reader, UUID threadId, UUID upTo) {
        return threads.findById(threadId).map(thread -> requireParticipant(thread, reader))
                .flatMap(thread -> messages.allOf(List.of(thread.id)).flatMap(all -> {
                    List<MessageEntity> visible = all.stream().filter(m -> !m.retracted())
                            .sorted(java.util.Comparator.comparing((MessageEntity m) -> m.sentAt).thenComparing(m -> m.id))
                            .toList();
                    MessageEntity target = upTo == null ? (visible.isEmpty() ? null : visible.get(visible.size() - 1))
                            : visible.stream().filter(m -> m.id.equals(upTo)).findFirst()
                                    .orElseThrow(() -> ProblemException.unprocessable("upTo", "is not a message of this thread"));
                    if (target == null) {
                        return Uni.createFrom().item(thread);
                    }
                    return Panache.getSession().flatMap(session -> session.find(ReadStateEntity.class,
                                    readKey(thread.id, reader.id()))
                            .flatMap(state -> {
                                if (state != null && !target.sentAt.isAfter(state.lastReadAt)) {
                                    return Uni.createFrom().item(thread);
                                }
                                ReadStateEntity read = state != null ? state : new ReadStateEntity();
                                read.threadId = thread.id;
                                read.readerId = reader.id();
                                read.lastReadAt = target.sentAt;
                                read.lastReadMessageId = target.id;
                                Instant now = now();
                                Uni<?> write = state != null ? Uni.createFrom().voidItem() : session.persist(read);
                                return write.flatMap(ignored -> outbox.enqueue(CloudEvent.of(Reclassification.SOURCE, now,
                                                new ThreadRead(thread.id.toString(), thread.patientId, thread.clinicianId,
                                                        reader.id(), role(reader), target.id.toString(), now))))
                                        .replaceWith(thread);
                            }));
                }));
    }

    /** Closes the thread; closing a closed thread changes nothing. */
    public Uni<ThreadEntity> close(FhirReference person, UUID threadId) {
        return threads.findForUpdate(threadId).map(thread -> requireParticipant(thread, person)).flatMap(thread -> {
            if (thread.status == ThreadEntity.Status.CLOSED) {
                return Uni.createFrom().item(thread);
            }
            Instant now = now();
            thread.status = ThreadEntity.Status.CLOSED;
            thread.closedAt = now;
            return outbox.enqueue(CloudEvent.of(Reclassification.SOURCE, now, new ThreadClosed(thread.id.toString(),
                    thread.patientId, thread.clinicianId, person.id(), role(person), now,
                    ThreadClosed.BY_PARTICIPANT))).replaceWith(thread);
        });
    }

    /** Reopens a closed thread; reopening an open thread changes nothing. */
    public Uni<ThreadEntity> reopen(FhirReference person, UUID threadId) {
        return threads.findForUpdate(threadId).map(thread -> requireParticipant(thread, person)).flatMap(thread -> {
            if (thread.status == ThreadEntity.Status.OPEN) {
                return Uni.createFrom().item(thread);
            }
            Instant now = now();
            thread.status = ThreadEntity.Status.OPEN;
            thread.closedAt = null;
            return outbox.enqueue(CloudEvent.of(Reclassification.SOURCE, now, new ThreadReopened(thread.id.toString(),
                    thread.patientId, thread.clinicianId, person.id(), role(person), now))).replaceWith(thread);
        });
    }

    /** Closes open threads idle since before {@code cutoff}, at most {@code limit}; returns how many closed. */
    public Uni<Integer> closeIdle(Instant cutoff, int limit) {
        Instant now = now();
        return pool.withTransaction(connection -> threads.closeIdle(connection, cutoff, now, limit).flatMap(idle -> {
            List<CloudEvent<ThreadClosed>> events = idle.stream().map(thread -> CloudEvent.of(Reclassification.SOURCE,
                    now, new ThreadClosed(thread.id().toString(), thread.patientId(), thread.clinicianId(), SOURCE_ID,
                            ParticipantRole.SYSTEM, now, ThreadClosed.IDLE))).toList();
            return outbox.enqueueAll(connection, events).replaceWith(idle.size());
        })).invoke(closed -> {
            if (closed > 0) {
                outbox.flushSoon();
            }
        });
    }

    /** Who closes idle threads, in ThreadClosed events. */
    public static final String SOURCE_ID = "rapport-message-service";

    public record Page(List<ThreadEntity> threads, Map<UUID, Long> unread) {
    }

    /** A page of the reader's own threads (patients and clinicians) with their unread counts. */
    public Uni<Page> inbox(FhirReference reader, ThreadRepository.Filter filter, Instant afterTime, UUID afterId,
            int size) {
        return Panache.withSession(() -> threads.page(owner(reader), reader.id(), reader.id(), filter, afterTime,
                        afterId, size)
                .flatMap(page -> messages.unreadCounts(reader.id(), page.stream().map(t -> t.id).toList())
                        .map(unread -> new Page(page, unread))));
    }

    /** For ops: a page of someone's threads, without unread state (ops read no content). */
    public Uni<Page> threadsOf(FhirReference person, ThreadRepository.Filter filter, Instant afterTime, UUID afterId,
            int size) {
        return Panache.withSession(() -> threads.page(owner(person), person.id(), null, filter, afterTime, afterId, size)
                .map(page -> new Page(page, Map.of())));
    }

    public record UnreadCount(long threads, long messages) {
    }

    public Uni<UnreadCount> unreadCount(FhirReference reader) {
        return Panache.withSession(() -> messages.unreadTotals(owner(reader), reader.id()))
                .map(totals -> new UnreadCount(totals[0], totals[1]));
    }

    /** How far each participant has read: read receipts. */
    public record Receipt(String readerId, Instant lastReadAt, UUID lastReadMessageId) {
    }

    public record ThreadContent(ThreadEntity thread, List<MessageEntity> messages,
            Map<UUID, List<AttachmentEntity>> attachments, long unread, List<Receipt> receipts) {
    }

    /**
     * A thread with a page of its messages. With {@code purpose} (a participant reading content) the read is
     * written to the content-access audit trail in the same transaction; ops get metadata only and no audit
     * record is needed, since no content leaves.
     */
    public Uni<ThreadContent> read(FhirReference reader, UUID threadId, int offset, int size, String purpose) {
        return Panache.withTransaction(() -> threads.findById(threadId)
                .map(thread -> requireParticipant(thread, reader))
                .flatMap(thread -> {
                    ContentAccessEntity access = new ContentAccessEntity();
                    access.threadId = thread.id;
                    access.readerRef = reader.toString();
                    access.accessedAt = now();
                    access.purpose = purpose;
                    return Panache.getSession().flatMap(session -> session.persist(access))
                            .flatMap(ignored -> content(thread, offset, size, reader.id()));
                }));
    }

    public Uni<ThreadContent> metadata(UUID threadId, int offset, int size) {
        return Panache.withSession(() -> threads.findById(threadId).flatMap(thread -> {
            if (thread == null) {
                throw ProblemException.notFound("thread");
            }
            return content(thread, offset, size, null);
        }));
    }

    private Uni<ThreadContent> content(ThreadEntity thread, int offset, int size, String readerId) {
        return messages.timeline(thread.id, offset, size).flatMap(page -> messages
                .attachments(page.stream().map(m -> m.id).toList())
                .flatMap(attachments -> (readerId == null ? Uni.createFrom().item(Map.<UUID, Long>of())
                        : messages.unreadCounts(readerId, List.of(thread.id)))
                        .flatMap(unread -> Panache.getSession().flatMap(session -> session
                                .createSelectionQuery("from ReadStateEntity where threadId = :thread",
                                        ReadStateEntity.class)
                                .setParameter("thread", thread.id).getResultList())
                                .map(states -> new ThreadContent(thread, page,
                                        attachments.stream().collect(Collectors.groupingBy(a -> a.messageId)),
                                        unread.getOrDefault(thread.id, 0L),
                                        states.stream().map(s -> new Receipt(s.readerId, s.lastReadAt,
                                                s.lastReadMessageId)).toList())))));
    }

    private static String owner(FhirReference person) {
        return person.isPatient() ? "patientId" : "clinicianId";
    }

    private static ThreadEntity requireParticipant(ThreadEntity thread, FhirReference person) {
        boolean participant = thread != null && (person.isPatient() ? thread.patientId.equals(person.id())
                : thread.clinicianId.equals(person.id()));
        if (!participant) {
            throw ProblemException.notFound("thread");
        }
        return thread;
    }

    private static ParticipantRole role(FhirReference person) {
        return person.isPatient() ? ParticipantRole.PATIENT : ParticipantRole.CLINICIAN;
    }

    private static ReadStateEntity.Key readKey(UUID threadId, String readerId) {
        ReadStateEntity.Key key = new ReadStateEntity.Key();
        key.threadId = threadId;
        key.readerId = readerId;
        return key;
    }

    static MessageEntity newMessage(ThreadEntity thread, FhirReference sender, String body, Instant sentAt,
            List<AttachmentRef> attachments) {
        MessageEntity message = new MessageEntity();
        message.id = UUID.randomUUID();
        message.threadId = thread.id;
        message.senderId = sender.id();
        message.senderRole = role(sender);
        message.body = body;
        message.sentAt = sentAt;
        message.textFingerprint = TextFingerprint.of(body);
        message.attachmentCount = attachments.size();
        return message;
    }

    public static List<AttachmentEntity> attachmentsOf(MessageEntity message, List<AttachmentRef> refs) {
        List<AttachmentEntity> result = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            AttachmentRef ref = refs.get(i);
            AttachmentEntity entity = new AttachmentEntity();
            entity.messageId = message.id;
            entity.position = (short) i;
            entity.contentType = ref.contentType();
            entity.sizeBytes = ref.size();
            entity.sha256 = ref.sha256();
            entity.url = ref.url();
            entity.ehrReference = ref.ehrReference();
            result.add(entity);
        }
        return result;
    }

    /** Microsecond precision: what PostgreSQL stores, so values read back equal values written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
