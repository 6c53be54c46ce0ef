package health.rapport.message.thread.rest;

import health.rapport.message.thread.repository.AttachmentEntity;
import health.rapport.message.thread.repository.Directory;
import health.rapport.message.thread.repository.MessageEntity;
import health.rapport.message.thread.repository.ThreadEntity;
import health.rapport.message.thread.repository.ThreadRepository;
import health.rapport.message.thread.rest.ThreadRequests.Attachment;
import health.rapport.message.thread.rest.ThreadRequests.MarkRead;
import health.rapport.message.thread.rest.ThreadRequests.NewMessage;
import health.rapport.message.thread.rest.ThreadRequests.NewThread;
import health.rapport.message.thread.rest.ThreadViews.AttachmentView;
import health.rapport.message.thread.rest.ThreadViews.MessageView;
import health.rapport.message.thread.rest.ThreadViews.ReceiptView;
import health.rapport.message.thread.rest.ThreadViews.ThreadPage;
import health.rapport.message.thread.rest.ThreadViews.ThreadView;
import health.rapport.message.thread.rest.ThreadViews.ThreadWithMessages;
import health.rapport.message.thread.rest.ThreadViews.UnreadCountView;
import health.rapport.message.thread.service.AttachmentRef;
import health.rapport.message.thread.service.ThreadCategories;
import health.rapport.message.thread.service.ThreadService;
import health.rapport.support.idempotency.IdempotentRequests;
import health.rapport.support.outbox.Outbox;
import health.rapport.support.problem.Problem;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.problem.Validation;
import health.rapport.support.security.Caller;
import health.rapport.support.security.FhirReference;
import health.rapport.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Secure-messaging threads for patient portals. Patients and clinicians see and write only their own threads;
 * ops see threads' metadata, never message text. A thread the caller may not see answers 404, as if absent.
 */
@Path("/api/v1/threads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN})
@Tag(name = "threads")
@SecurityRequirement(name = "bearer")
public class ThreadResource {

    private static final int MAX_PAGE = 100;
    private static final Pattern CONTENT_TYPE = Pattern.compile("^[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,64}$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final String KEY_DOC = "Makes the POST safe to retry: the same key with the same body returns"
            + " the first response and writes nothing again; with a different body it is a 422.";

    private final ThreadService service;
    private final Directory directory;
    private final IdempotentRequests idempotent;
    private final Outbox outbox;
    private final SecurityIdentity identity;

    public ThreadResource(ThreadService service, Directory directory, IdempotentRequests idempotent, Outbox outbox,
            SecurityIdentity identity) {
        this.service = service;
        this.directory = directory;
        this.idempotent = idempotent;
        this.outbox = outbox;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Open a thread: a patient writes to a clinician of their care team, or a clinician to a patient in their care")
    public Uni<Response> open(NewThread request, UriInfo uri,
            @Parameter(description = KEY_DOC) @HeaderParam(IdempotentRequests.HEADER) String key) {
        Validation v = new Validation();
        requireBody(v, request);
        return person().flatMap(sender -> {
            FhirReference recipient = recipient(v, sender, request.recipient());
            String subject = v.text("subject", request.subject(), 1, ThreadCategories.SUBJECT_MAX);
            String category = v.oneOf("category", request.category(), ThreadCategories.CATEGORIES, c -> c);
            String priority = v.optionalOneOf("priority", request.priority(), ThreadCategories.PRIORITIES, p -> p,
                    "routine");
            String body = v.text("body", request.body(), 1, ThreadCategories.BODY_MAX);
            List<AttachmentRef> attachments = attachments(v, request.attachments());
            v.throwIfInvalid();
            return write(sender, key, "POST /api/v1/threads", request, () -> service
                    .open(new ThreadService.OpenThread(sender, recipient, subject, category, priority, body, attachments))
                    .map(created -> idempotent.respond(201,
                            uri.getAbsolutePathBuilder().path(created.thread().id.toString()).build(),
                            new ThreadWithMessages(view(created.thread(), 0L),
                                    List.of(messageView(created.message(), created.attachments(), false)), List.of(),
                                    null))));
        });
    }

    @GET
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.OPS})
    @Operation(summary = "The caller's threads, newest first, with unread counts; ops name whose threads (metadata"
            + " only: no subject, no unread count)")
    public Uni<ThreadPage> list(@QueryParam("status") String status, @QueryParam("category") String category,
            @QueryParam("unread") Boolean unread, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("20") int limit,
            @Parameter(description = "ops only: Patient/<id> or Practitioner/<id> whose threads to list")
            @QueryParam("participant") String participant) {
        Validation v = new Validation();
        ThreadEntity.Status statusFilter = v.optionalOneOf("status", status, List.of("open", "closed"),
                s -> ThreadEntity.Status.valueOf(s.toUpperCase()), null);
        String categoryFilter = v.optionalOneOf("category", category, ThreadCategories.CATEGORIES, c -> c, null);
        int size = pageSize(v, limit);
        v.throwIfInvalid();
        Cursor after = Cursor.decode(cursor);
        ThreadRepository.Filter filter = new ThreadRepository.Filter(statusFilter, categoryFilter,
                Boolean.TRUE.equals(unread));
        boolean opsOnly = Caller.of(identity).isOpsOnly();
        Uni<ThreadService.Page> page;
        if (opsOnly) {
            FhirReference whose = FhirReference.parse(participant).orElseThrow(() -> ProblemException.invalid(
                    List.of(new Problem.FieldError("participant", "ops must name Patient/<id> or Practitioner/<id>"))));
            page = service.threadsOf(whose, filter, after == null ? null : after.time(),
                    after == null ? null : after.id(), size);
        } else {
            page = person().flatMap(reader -> service.inbox(reader, filter, after == null ? null : after.time(),
                    after == null ? null : after.id(), size));
        }
        return page.map(result -> {
            List<ThreadView> items = result.threads().stream()
                    .map(t -> opsOnly ? metadataView(t) : view(t, result.unread().getOrDefault(t.id, 0L))).toList();
            ThreadEntity last = result.threads().isEmpty() ? null : result.threads().get(result.threads().size() - 1);
            String next = result.threads().size() == size && last != null
                    ? new Cursor(last.lastMessageAt, last.id).encode() : null;
            return new ThreadPage(items, next);
        });
    }

    @GET
    @Path("/unread-count")
    @Operation(summary = "How many of the caller's threads have unread messages, and how many messages")
    public Uni<UnreadCountView> unreadCount() {
        return person().flatMap(service::unreadCount).map(c -> new UnreadCountView(c.threads(), c.messages()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.OPS})
    @Operation(summary = "A thread with a page of its messages (oldest first); participants' reads are audited; ops get"
            + " metadata only: no subject, no message body, no attachment URL")
    public Uni<ThreadWithMessages> get(@PathParam("id") String id, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        Validation v = new Validation();
        int size = pageSize(v, limit);
        if (offset < 0) {
            v.reject("offset", "must be 0 or more");
        }
        v.throwIfInvalid();
        UUID threadId = threadId(id);
        boolean opsOnly = Caller.of(identity).isOpsOnly();
        Uni<ThreadService.ThreadContent> content = opsOnly ? service.metadata(threadId, offset, size)
                : person().flatMap(reader -> service.read(reader, threadId, offset, size, "GET /api/v1/threads/{id}"));
        return content.map(c -> new ThreadWithMessages(opsOnly ? metadataView(c.thread()) : view(c.thread(), c.unread()),
                c.messages().stream().map(m -> opsOnly ? metadataView(m, c.attachments().getOrDefault(m.id, List.of()))
                        : messageView(m, c.attachments().getOrDefault(m.id, List.of()), true)).toList(),
                c.receipts().stream().map(r -> new ReceiptView(
                        (r.readerId().equals(c.thread().patientId) ? FhirReference.patient(r.readerId())
                                : FhirReference.practitioner(r.readerId())).toString(),
                        r.lastReadAt(), r.lastReadMessageId() == null ? null : r.lastReadMessageId().toString()))
                        .toList(),
                c.messages().size() == size ? Integer.toString(offset + size) : null));
    }

    @POST
    @Path("/{id}/messages")
    @Operation(summary = "Add a message to a thread; the answer names its kind")
    public Uni<Response> reply(@PathParam("id") String id, NewMessage request,
            @Parameter(description = KEY_DOC) @HeaderParam(IdempotentRequests.HEADER) String key) {
        Validation v = new Validation();
        requireBody(v, request);
        return person().flatMap(sender -> {
            UUID threadId = threadId(id);
            String body = v.text("body", request.body(), 1, ThreadCategories.BODY_MAX);
            UUID inResponseTo = optionalId(v, "inResponseTo", request.inResponseTo());
            List<AttachmentRef> attachments = attachments(v, request.attachments());
            v.throwIfInvalid();
            return write(sender, key, "POST /api/v1/threads/" + threadId + "/messages", request, () -> service
                    .reply(sender, threadId, body, inResponseTo, attachments)
                    .map(posted -> idempotent.respond(201, null,
                            messageView(posted.message(), posted.attachments(), false))));
        });
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark the thread read up to a message (default: the latest); the other side sees a read receipt")
    public Uni<Response> markRead(@PathParam("id") String id, MarkRead request,
            @Parameter(description = KEY_DOC) @HeaderParam(IdempotentRequests.HEADER) String key) {
        Validation v = new Validation();
        UUID upTo = request == null ? null : optionalId(v, "upTo", request.upTo());
        v.throwIfInvalid();
        UUID threadId = threadId(id);
        return person().flatMap(reader -> write(reader, key, "POST /api/v1/threads/" + threadId + "/read",
                request == null ? Map.of() : request, () -> service.markRead(reader, threadId, upTo)
                        .map(thread -> idempotent.respond(200, null, view(thread, null)))));
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Close the thread: it takes no more messages until reopened")
    public Uni<Response> close(@PathParam("id") String id,
            @Parameter(description = KEY_DOC) @HeaderParam(IdempotentRequests.HEADER) String key) {
        UUID threadId = threadId(id);
        return person().flatMap(person -> write(person, key, "POST /api/v1/threads/" + threadId + "/close", Map.of(),
                () -> service.close(person, threadId).map(thread -> idempotent.respond(200, null, view(thread, null)))));
    }

    @POST
    @Path("/{id}/reopen")
    @Operation(summary = "Reopen a closed thread")
    public Uni<Response> reopen(@PathParam("id") String id,
            @Parameter(description = KEY_DOC) @HeaderParam(IdempotentRequests.HEADER) String key) {
        UUID threadId = threadId(id);
        return person().flatMap(person -> write(person, key, "POST /api/v1/threads/" + threadId + "/reopen", Map.of(),
                () -> service.reopen(person, threadId).map(thread -> idempotent.respond(200, null, view(thread, null)))));
    }

    /** Runs a change once per Idempotency-Key in one transaction, then wakes the outbox relay. */
    private Uni<Response> write(FhirReference caller, String key, String route, Object request,
            java.util.function.Supplier<Uni<IdempotentRequests.StoredResponse>> work) {
        return idempotent.once(caller.toString(), key, route, request, work)
                .invoke(outbox::flushSoon)
                .map(IdempotentRequests.StoredResponse::toResponse);
    }

    /** The caller as a patient or clinician Rapport knows; a token naming anyone else gets 403. */
    private Uni<FhirReference> person() {
        FhirReference person = Caller.of(identity).requirePerson();
        return directory.isKnown(person).map(known -> {
            if (!known) {
                throw ProblemException.forbidden("the token's fhirUser " + person
                        + " is not a patient or clinician Rapport knows");
            }
            return person;
        });
    }

    private static void requireBody(Validation v, Object request) {
        if (request == null) {
            v.reject("(body)", "is required");
            v.throwIfInvalid();
        }
    }

    private static FhirReference recipient(Validation v, FhirReference sender, String value) {
        if (value == null || value.isBlank()) {
            v.reject("recipient", "is required: Practitioner/<id> for patients, Patient/<id> for clinicians");
            return null;
        }
        FhirReference recipient = FhirReference.parse(value).orElse(null);
        if (recipient == null) {
            v.reject("recipient", "must be a FHIR reference such as Practitioner/prac-bob or Patient/pat-alice");
            return null;
        }
        if (recipient.isPatient() == sender.isPatient()) {
            v.reject("recipient", sender.isPatient() ? "patients write to a Practitioner"
                    : "clinicians write to a Patient");
            return null;
        }
        return recipient;
    }

    private static List<AttachmentRef> attachments(Validation v, List<Attachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return List.of();
        }
        if (attachments.size() > AttachmentRef.MAX_PER_MESSAGE) {
            v.reject("attachments", "at most " + AttachmentRef.MAX_PER_MESSAGE + " per message (has "
                    + attachments.size() + ")");
            return List.of();
        }
        List<AttachmentRef> result = new ArrayList<>();
        for (int i = 0; i < attachments.size(); i++) {
            Attachment a = attachments.get(i);
            String field = "attachments[" + i + "]";
            if (a == null) {
                v.reject(field, "must be an object");
                continue;
            }
            boolean ok = true;
            if (a.contentType() == null || !CONTENT_TYPE.matcher(a.contentType()).matches()) {
                v.reject(field + ".contentType", "must be a media type such as application/pdf");
                ok = false;
            }
            if (a.size() == null || a.size() < 1 || a.size() > AttachmentRef.MAX_SIZE) {
                v.reject(field + ".size", "must be between 1 and " + AttachmentRef.MAX_SIZE + " bytes (50 MB)");
                ok = false;
            }
            if (a.sha256() == null || !SHA256.matcher(a.sha256()).matches()) {
                v.reject(field + ".sha256", "must be the file's SHA-256 as 64 lower-case hex digits");
                ok = false;
            }
            if (a.url() == null || !a.url().matches("^https://[^\\s]{1,2000}$")) {
                v.reject(field + ".url", "must be an https URL of the uploaded file");
                ok = false;
            }
            if (ok) {
                result.add(new AttachmentRef(a.contentType(), a.size(), a.sha256(), a.url(), null));
            }
        }
        return result;
    }

    private static UUID optionalId(Validation v, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            v.reject(field, "must be a message id");
            return null;
        }
    }

    private static UUID threadId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("thread");
        }
    }

    private static int pageSize(Validation v, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            v.reject("limit", "must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    static ThreadView view(ThreadEntity thread, Long unread) {
        return new ThreadView(thread.id.toString(), FhirReference.patient(thread.patientId).toString(),
                FhirReference.practitioner(thread.clinicianId).toString(), thread.subject, thread.category,
                thread.priority, thread.status.name().toLowerCase(), thread.origin.name().toLowerCase(),
                thread.createdAt, thread.lastMessageAt, thread.closedAt, unread);
    }

    /**
     * A thread as ops see it: no subject (the patient writes it, so it is message text as much as the body) and
     * no unread count.
     */
    static ThreadView metadataView(ThreadEntity thread) {
        ThreadView full = view(thread, null);
        return new ThreadView(full.id(), full.patient(), full.clinician(), null, full.category(), full.priority(),
                full.status(), full.origin(), full.createdAt(), full.lastMessageAt(), full.closedAt(), null);
    }

    /**
     * A message as ops see it: no body, and attachments without their URL (it fetches the file, which is content);
     * type, size, hash and EHR reference stay.
     */
    static MessageView metadataView(MessageEntity message, List<AttachmentEntity> attachments) {
        MessageView full = messageView(message, attachments, false);
        return new MessageView(full.id(), full.threadId(), full.sender(), full.kind(), full.sentAt(), null,
                full.inResponseTo(), full.attachments() == null ? null : full.attachments().stream()
                        .map(a -> new AttachmentView(a.contentType(), a.size(), a.sha256(), null, a.ehrReference()))
                        .toList());
    }

    static MessageView messageView(MessageEntity message, List<AttachmentEntity> attachments, boolean withBody) {
        FhirReference sender = switch (message.senderRole) {
            case PATIENT -> FhirReference.patient(message.senderId);
            default -> FhirReference.practitioner(message.senderId);
        };
        Function<AttachmentEntity, AttachmentView> attachment = a -> new AttachmentView(a.contentType, a.sizeBytes,
                a.sha256, a.url, a.ehrReference);
        return new MessageView(message.id.toString(), message.threadId.toString(), sender.toString(), message.kind,
                message.sentAt, withBody ? message.body : null,
                message.inResponseTo == null ? null : message.inResponseTo.toString(),
                attachments.isEmpty() ? null : attachments.stream().map(attachment).toList());
    }
}
