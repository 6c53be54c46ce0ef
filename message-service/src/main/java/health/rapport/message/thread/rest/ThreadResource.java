package health.rapport.message.thread.rest;

import health.rapport.message.thread.repository.MessageEntity;
import health.rapport.message.thread.repository.ThreadEntity;
import health.rapport.message.thread.rest.ThreadRequests.NewMessage;
import health.rapport.message.thread.rest.ThreadRequests.NewThread;
import health.rapport.message.thread.rest.ThreadViews.MessageView;
import health.rapport.message.thread.rest.ThreadViews.ThreadPage;
import health.rapport.message.thread.rest.ThreadViews.ThreadView;
import health.rapport.message.thread.rest.ThreadViews.ThreadWithMessages;
import health.rapport.message.thread.service.ThreadCategories;
import health.rapport.message.thread.service.ThreadService;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Secure-messaging threads for patient portals. Callers see and write only their own threads. */
@Path("/api/v1/threads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN})
@Tag(name = "threads")
@SecurityRequirement(name = "bearer")
public class ThreadResource {

    private static final int MAX_PAGE = 100;

    private final ThreadService service;
    private final SecurityIdentity identity;

    public ThreadResource(ThreadService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Open a thread: a patient writes to a clinician, or a clinician to a patient")
    public Uni<Response> open(NewThread request, UriInfo uri) {
        FhirReference sender = Caller.of(identity).requirePerson();
        Validation v = new Validation();
        if (request == null) {
            v.reject("(body)", "is required");
            v.throwIfInvalid();
        }
        FhirReference recipient = recipient(v, sender, request.recipient());
        String subject = v.text("subject", request.subject(), 1, ThreadCategories.SUBJECT_MAX);
        String category = v.oneOf("category", request.category(), ThreadCategories.CATEGORIES, c -> c);
        String priority = v.optionalOneOf("priority", request.priority(), ThreadCategories.PRIORITIES, p -> p,
                "routine");
        String body = v.text("body", request.body(), 1, ThreadCategories.BODY_MAX);
        v.throwIfInvalid();
        return service.open(new ThreadService.OpenThread(sender, recipient, subject, category, priority, body))
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.thread().id.toString()).build())
                        .entity(view(created.thread(), 0)).build());
    }

    @GET
    @Operation(summary = "The caller's threads, newest first, with unread counts")
    public Uni<ThreadPage> list(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("20") int limit) {
        FhirReference reader = Caller.of(identity).requirePerson();
        int size = pageSize(limit);
        Cursor after = Cursor.decode(cursor);
        return service.inbox(reader, after == null ? null : after.time(), after == null ? null : after.id(), size)
                .map(page -> {
                    List<ThreadView> items = page.threads().stream()
                            .map(t -> view(t, page.unread().getOrDefault(t.id, 0L))).toList();
                    ThreadEntity last = page.threads().isEmpty() ? null : page.threads().get(page.threads().size() - 1);
                    String next = page.threads().size() == size && last != null
                            ? new Cursor(last.lastMessageAt, last.id).encode() : null;
                    return new ThreadPage(items, next);
                });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A thread with a page of its messages (oldest first); the read is audited")
    public Uni<ThreadWithMessages> get(@PathParam("id") String id, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        FhirReference reader = Caller.of(identity).requirePerson();
        int size = pageSize(limit);
        if (offset < 0) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("offset", "must be 0 or more")));
        }
        return service.read(reader, threadId(id), offset, size).map(content -> new ThreadWithMessages(
                view(content.thread(), content.unread()),
                content.messages().stream().map(m -> messageView(m, true)).toList(),
                content.messages().size() == size ? Integer.toString(offset + size) : null));
    }

    @POST
    @Path("/{id}/messages")
    @Operation(summary = "Add a message to a thread; the answer names its kind")
    public Uni<Response> reply(@PathParam("id") String id, NewMessage request) {
        FhirReference sender = Caller.of(identity).requirePerson();
        UUID threadId = threadId(id);
        Validation v = new Validation();
        if (request == null) {
            v.reject("(body)", "is required");
            v.throwIfInvalid();
        }
        String body = v.text("body", request.body(), 1, ThreadCategories.BODY_MAX);
        UUID inResponseTo = null;
        if (request.inResponseTo() != null) {
            try {
                inResponseTo = UUID.fromString(request.inResponseTo());
            } catch (IllegalArgumentException e) {
                v.reject("inResponseTo", "must be a message id");
            }
        }
        v.throwIfInvalid();
        return service.reply(sender, threadId, body, inResponseTo)
                .map(message -> Response.status(Response.Status.CREATED).entity(messageView(message, false)).build());
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

    private static UUID threadId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("thread");
        }
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("limit", "must be between 1 and " + MAX_PAGE)));
        }
        return limit;
    }

    static ThreadView view(ThreadEntity thread, long unread) {
        return new ThreadView(thread.id.toString(), FhirReference.patient(thread.patientId).toString(),
                FhirReference.practitioner(thread.clinicianId).toString(), thread.subject, thread.category,
                thread.priority, thread.status.name().toLowerCase(), thread.origin.name().toLowerCase(),
                thread.createdAt, thread.lastMessageAt, unread);
    }

    static MessageView messageView(MessageEntity message, boolean withBody) {
        FhirReference sender = switch (message.senderRole) {
            case PATIENT -> FhirReference.patient(message.senderId);
            default -> FhirReference.practitioner(message.senderId);
        };
        return new MessageView(message.id.toString(), message.threadId.toString(), sender.toString(), message.kind,
                message.sentAt, withBody ? message.body : null,
                message.inResponseTo == null ? null : message.inResponseTo.toString());
    }
}
