package health.rapport.notification.nudge.rest;

import health.rapport.notification.nudge.service.EffectivenessReport;
import health.rapport.notification.nudge.service.NudgeInbox;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.problem.Validation;
import health.rapport.support.security.Caller;
import health.rapport.support.security.FhirReference;
import health.rapport.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The in-app inbox of the calling clinician: their nudges, acknowledging and snoozing them, their opt-out. */
@Path("/api/v1/nudges")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "nudges")
@SecurityRequirement(name = "bearer")
public class NudgeResource {

    private static final Pattern NUDGE_ID = Pattern.compile("^[0-9a-f\\-]{36}$");
    private static final int MAX_SNOOZE_HOURS = 14 * 24;

    public record NudgeList(List<NudgeInbox.NudgeView> items, String next) {
    }

    public record SnoozeRequest(Integer hours) {
    }

    public record PreferencesRequest(Boolean optOut) {
    }

    private final NudgeInbox inbox;
    private final EffectivenessReport effectiveness;
    private final SecurityIdentity identity;

    public NudgeResource(NudgeInbox inbox, EffectivenessReport effectiveness, SecurityIdentity identity) {
        this.inbox = inbox;
        this.effectiveness = effectiveness;
        this.identity = identity;
    }

    @GET
    @Path("/reports/effectiveness")
    @RolesAllowed(Roles.OPS)
    @Operation(summary = "Each nudged clinician's engagement before their first low-engagement nudge of the last"
            + " 'days' (1-365, default 90) and after it, with the nudges delivered, acknowledged and escalated")
    public Uni<EffectivenessReport.Report> effectiveness(@QueryParam("days") String days) {
        Validation v = new Validation();
        int window = v.intInRange("days", days, 90, 1, 365);
        v.throwIfInvalid();
        return effectiveness.lastDays(window);
    }

    @GET
    @Operation(summary = "The caller's nudges that reached a channel, newest first; 'next' is the cursor of the next page")
    public Uni<NudgeList> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        String me = clinician();
        Validation v = new Validation();
        int size = v.intInRange("limit", limit, 20, 1, 100);
        Keyset after = Keyset.decode(v, cursor);
        v.throwIfInvalid();
        return inbox.page(me, after == null ? null : after.createdAt(), after == null ? null : after.id(), size)
                .map(page -> new NudgeList(page.items(), page.nextId() == null ? null
                        : new Keyset(page.nextCreatedAt(), page.nextId()).encode()));
    }

    @POST
    @Path("/{id}/ack")
    @Operation(summary = "Acknowledge one of the caller's delivered nudges (emits nudge.acknowledged)")
    public Uni<NudgeInbox.NudgeView> acknowledge(@PathParam("id") String id) {
        return inbox.acknowledge(clinician(), nudgeId(id));
    }

    @POST
    @Path("/{id}/snooze")
    @Operation(summary = "Snooze one of the caller's delivered nudges for 'hours' (default 24, at most 336); the"
            + " caller's other nudges wait until then too (escalations excepted)")
    public Uni<NudgeInbox.NudgeView> snooze(@PathParam("id") String id, SnoozeRequest body) {
        String me = clinician();
        String nudgeId = nudgeId(id);
        int hours = 24;
        if (body != null && body.hours() != null) {
            hours = body.hours();
            if (hours < 1 || hours > MAX_SNOOZE_HOURS) {
                Validation v = new Validation();
                v.reject("hours", "must be a whole number of hours between 1 and " + MAX_SNOOZE_HOURS);
                v.throwIfInvalid();
            }
        }
        return inbox.snooze(me, nudgeId, Duration.ofHours(hours));
    }

    @GET
    @Path("/preferences")
    @Operation(summary = "The caller's opt-out and active snooze")
    public Uni<NudgeInbox.Preferences> preferences() {
        return inbox.preferences(clinician());
    }

    @PUT
    @Path("/preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Opt out of nudges (escalations to the supervisor still happen) or back in: {\"optOut\": true}")
    public Uni<NudgeInbox.Preferences> setPreferences(PreferencesRequest body) {
        String me = clinician();
        if (body == null || body.optOut() == null) {
            Validation v = new Validation();
            v.reject("optOut", "is required: true or false");
            v.throwIfInvalid();
        }
        return inbox.setOptOut(me, body.optOut());
    }

    private String clinician() {
        Caller caller = Caller.of(identity);
        if (!caller.isClinician()) {
            throw ProblemException.forbidden("nudges are for clinicians: the token names no Practitioner (claim "
                    + Caller.FHIR_USER_CLAIM + ")");
        }
        return caller.person().map(FhirReference::id).orElseThrow();
    }

    private static String nudgeId(String id) {
        if (id == null || !NUDGE_ID.matcher(id).matches()) {
            throw ProblemException.notFound("nudge " + (id == null ? "" : id.length() > 40 ? id.substring(0, 40) : id));
        }
        return id;
    }

    /** The opaque cursor: the (createdAt, id) of the last item of the page, base64url. */
    record Keyset(Instant createdAt, String id) {

        private static final String PREFIX = "k1:";

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((PREFIX + createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Keyset decode(Validation v, String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                if (text.startsWith(PREFIX) && bar > 0) {
                    return new Keyset(Instant.parse(text.substring(PREFIX.length(), bar)), text.substring(bar + 1));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // reported below
            }
            v.reject("cursor", "is not a cursor this API returned");
            return null;
        }
    }
}
