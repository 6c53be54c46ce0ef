package health.rapport.engagement.provider.rest;

import health.rapport.engagement.provider.service.EngagementService;
import health.rapport.engagement.tier.service.ProviderDirectory;
import health.rapport.events.EngagementTier;
import health.rapport.support.problem.Validation;
import health.rapport.support.problem.Problem;
import health.rapport.support.problem.ProblemException;
import health.rapport.support.security.Caller;
import health.rapport.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A clinician's engagement figures: the clinician themself and ops may read them. */
@Path("/api/v1/engagement/providers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.OPS})
@Tag(name = "engagement")
@SecurityRequirement(name = "bearer")
public class ProviderEngagementResource {

    private final EngagementService engagement;
    private final SecurityIdentity identity;
    private final int defaultWindowDays;
    private final List<Integer> windows;
    private final ProviderDirectory directory;
    private static final List<String> TIERS = java.util.Arrays.stream(EngagementTier.values()).map(Enum::name).toList();

    public ProviderEngagementResource(EngagementService engagement, SecurityIdentity identity,
            @ConfigProperty(name = "rapport.engagement.default-window-days") int defaultWindowDays,
            @ConfigProperty(name = "rapport.engagement.window-days", defaultValue = "7,30,90") List<Integer> windows,
            ProviderDirectory directory) {
        this.engagement = engagement;
        this.identity = identity;
        this.defaultWindowDays = defaultWindowDays;
        this.windows = List.copyOf(windows);
        this.directory = directory;
    }

    public record ProviderList(List<ProviderDirectory.ProviderRow> items, String next) {
    }

    @GET
    @RolesAllowed(Roles.OPS)
    @Operation(summary = "Clinicians with their latest evaluation: filter by tier, sort (providerId, tier, "
            + "shareAnsweredWithinTarget, personalReplyShare, patientMessages, evaluatedAt; '-' for descending)")
    public Uni<ProviderList> providers(@QueryParam("tier") String tier, @QueryParam("sort") String sort,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Validation v = new Validation();
        EngagementTier wanted = tier == null || tier.isBlank() ? null
                : v.oneOf("tier", tier.trim(), TIERS, EngagementTier::valueOf);
        String order = sort == null || sort.isBlank() ? "providerId" : sort.trim();
        if (!ProviderDirectory.SORTS.containsKey(order.startsWith("-") ? order.substring(1) : order)) {
            v.reject("sort", "must be one of " + new java.util.TreeSet<>(ProviderDirectory.SORTS.keySet())
                    + ", optionally with a leading '-'");
        }
        int size = v.intInRange("limit", limit, 50, 1, 200);
        int offset = OffsetCursor.decode(v, "cursor", cursor);
        v.throwIfInvalid();
        return directory.page(wanted, order, offset, size).map(page -> new ProviderList(page.items(),
                page.more() ? OffsetCursor.encode(offset + size) : null));
    }

    @GET
    @Path("/{providerId}")
    @Operation(summary = "One clinician's engagement over a rolling window of clinic-local days (window=7d, 30d or 90d)")
    public Uni<EngagementService.Summary> provider(@PathParam("providerId") String providerId,
            @QueryParam("window") String window) {
        Caller caller = Caller.of(identity);
        boolean self = caller.isClinician() && caller.person().orElseThrow().id().equals(providerId);
        if (!self && !caller.isOps()) {
            throw ProblemException.forbidden("clinicians see their own engagement only");
        }
        return engagement.summary(providerId, parseWindow(window));
    }

    private int parseWindow(String window) {
        if (window == null || window.isBlank()) {
            return defaultWindowDays;
        }
        String trimmed = window.trim();
        Integer days = null;
        if (trimmed.matches("[0-9]{1,3}d")) {
            days = Integer.parseInt(trimmed.substring(0, trimmed.length() - 1));
        }
        if (days == null || !windows.contains(days)) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("window", "must be one of "
                    + windows.stream().map(d -> d + "d").toList())));
        }
        return days;
    }
}
