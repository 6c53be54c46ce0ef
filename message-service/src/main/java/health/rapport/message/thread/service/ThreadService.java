package health.rapport.message.thread.service;

import health.rapport.events.CloudEvent;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.TextFingerprint;
import health.rapport.events.ParticipantRole;
import health.rapport.message.thread.repository.ContentAccessEntity;
import health.rapport.message.thread.repository.MessageEntity;
import health.rapport.message.thread.repository.MessageRepository;
import health.rapport.message.thread.repository.ThreadEntity;
import health.rapport.message.thread.repository.ThreadRepository;
import health.rapport.support.outbox.Outbox;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.security.FhirReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Threads and messages: every change and its event are written in one transaction (the event through the
 * outbox), then the relay is woken so the event leaves within milliseconds.
 */
@ApplicationScoped
public class ThreadService {

    public static final String SOURCE = "/rapport/message-service";

    private final ThreadRepository threads;
    private final MessageRepository messages;
    private final Outbox outbox;
    private final Clock clock;

    public ThreadService(ThreadRepository threads, MessageRepository messages, Outbox outbox) {
        this.threads = threads;
        this.messages = messages;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    /** A validated request to open a thread. */
    public record OpenThread(FhirReference sender, FhirReference recipient, String subject, String category,
            String priority, String body) {
    }

    public record Created(ThreadEntity thread, MessageEntity message) {
    }

    public Uni<Created> open(OpenThread command) {
        Instant now = now();
        ThreadEntity thread = new ThreadEntity();
        thread.id = UUID.randomUUID();
        thread.patientId = command.sender().isPatient() ? command.sender().id() : command.recipient().id();
        thread.clinicianId = command.sender().isPatient() ? command.recipient().id() : command.sender().id();
        thread.subject = command.subject();
        thread.category = command.category();
        thread.priority = command.priority();
        thread.status = ThreadEntity.Status.OPEN;
        thread.origin = ThreadEntity.Origin.PORTAL;
        thread.createdAt = now;
        thread.lastMessageAt = now;
        MessageEntity message = newMessage(thread, command.sender(), command.body(), now);
        message.kind = MessageKinds.classify(message.senderRole, true, 0);
        return Panache.withTransaction(() -> threads.persist(thread)
                        .flatMap(ignored -> messages.persist(message))
                        .flatMap(ignored -> outbox.enqueue(messageSent(thread, message, null, List.of()))))
                .invoke(outbox::flushSoon)
                .map(ignored -> new Created(thread, message));
    }

    /** Adds a message by one of the thread's two participants; anyone else gets 404, as if it did not exist. */
    public Uni<MessageEntity> reply(FhirReference sender, UUID threadId, String body, UUID inResponseTo) {
        return Panache.withTransaction(() -> threads.findForUpdate(threadId)
                        .map(thread -> requireParticipant(thread, sender))
                        .flatMap(thread -> {
                            if (thread.status == ThreadEntity.Status.CLOSED) {
                                throw ProblemException.conflict("thread-closed", "the thread is closed");
                            }
                            Instant now = now();
                            MessageEntity message = newMessage(thread, sender, body, now);
                            message.inResponseTo = inResponseTo;
                            return messages.unanswered(thread.id).flatMap(unanswered -> {
                                message.kind = MessageKinds.classify(message.senderRole, false, unanswered.size());
                                boolean response = message.kind == MessageKind.PROVIDER_RESPONSE;
                                Long latency = response
                                        ? Duration.between(unanswered.get(0).sentAt, now).toSeconds() : null;
                                List<String> answered = response
                                        ? unanswered.stream().map(m -> m.id.toString()).toList() : List.of();
                                if (response) {
                                    unanswered.forEach(m -> m.answeredBy = message.id);
                                }
                                thread.lastMessageAt = now;
                                return messages.persist(message)
                                        .flatMap(ignored -> outbox.enqueue(
                                                messageSent(thread, message, latency, answered)))
                                        .map(ignored -> message);
                            });
                        }))
                .invoke(outbox::flushSoon);
    }

    public record Page(List<ThreadEntity> threads, Map<UUID, Long> unread) {
    }

    public Uni<Page> inbox(FhirReference reader, Instant afterTime, UUID afterId, int size) {
        return Panache.withSession(() -> threads.page(reader.isPatient(), reader.id(), afterTime, afterId, size)
                .flatMap(page -> messages.unreadCounts(reader.id(), page.stream().map(t -> t.id).toList())
                        .map(unread -> new Page(page, unread))));
    }

    public record ThreadContent(ThreadEntity thread, List<MessageEntity> messages, long unread) {
    }

    /** A thread with a page of its messages; the read is recorded in the content-access audit trail. */
    public Uni<ThreadContent> read(FhirReference reader, UUID threadId, int offset, int size) {
        return Panache.withTransaction(() -> threads.findById(threadId)
                .map(thread -> requireParticipant(thread, reader))
                .flatMap(thread -> {
                    ContentAccessEntity access = new ContentAccessEntity();
                    access.threadId = thread.id;
                    access.readerRef = reader.toString();
                    access.accessedAt = now();
                    return Panache.getSession().flatMap(session -> session.persist(access))
                            .flatMap(ignored -> messages.timeline(thread.id, offset, size))
                            .flatMap(page -> messages.unreadCounts(reader.id(), List.of(thread.id))
                                    .map(unread -> new ThreadContent(thread, page,
                                            unread.getOrDefault(thread.id, 0L))));
                }));
    }

    private static ThreadEntity requireParticipant(ThreadEntity thread, FhirReference person) {
        boolean participant = thread != null && (person.isPatient() ? thread.patientId.equals(person.id())
                : thread.clinicianId.equals(person.id()));
        if (!participant) {
            throw ProblemException.notFound("thread");
        }
        return thread;
    }

    private static MessageEntity newMessage(ThreadEntity thread, FhirReference sender, String body, Instant now) {
        MessageEntity message = new MessageEntity();
        message.id = UUID.randomUUID();
        message.threadId = thread.id;
        message.senderId = sender.id();
        message.senderRole = sender.isPatient() ? ParticipantRole.PATIENT : ParticipantRole.CLINICIAN;
        message.body = body;
        message.sentAt = now;
        message.textFingerprint = TextFingerprint.of(body);
        return message;
    }

    private static CloudEvent<MessageSent> messageSent(ThreadEntity thread, MessageEntity message, Long latency,
            List<String> answered) {
        MessageSent data = new MessageSent(message.id.toString(), thread.id.toString(), thread.patientId,
                thread.clinicianId, message.senderId, message.senderRole, message.kind,
                thread.origin.name().toLowerCase(), thread.category, thread.priority, message.sentAt,
                message.inResponseTo == null ? null : message.inResponseTo.toString(), latency,
                answered.isEmpty() ? null : answered, TextFingerprint.hex(message.textFingerprint),
                message.body.length());
        return CloudEvent.of(SOURCE, message.sentAt, data);
    }

    /** Microsecond precision: what PostgreSQL stores, so values read back equal values written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
