package health.rapport.notification.directory;

import health.rapport.events.NudgeChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Clinicians' e-mail, time zone, supervisor and channel preferences from Keycloak user attributes, through the Admin
 * REST API with a confidential client's service account (client credentials; realm-management {@code view-users}).
 * Found clinicians are cached for {@code rapport.directory.cache-ttl}; a clinician who is not there is not cached,
 * so adding them to Keycloak takes effect at the next event. An unreachable Keycloak fails the lookup with an
 * {@link java.io.IOException}, which the consumer treats as transient (it waits, and loses nothing).
 */
@ApplicationScoped
public class ClinicianDirectory {

    private static final Logger LOG = Logger.getLogger(ClinicianDirectory.class);
    private static final Set<NudgeChannel> DEFAULT_CHANNELS = EnumSet.of(NudgeChannel.IN_APP, NudgeChannel.EMAIL);

    private record Cached(Clinician clinician, Instant until) {
    }

    private record Token(String value, Instant until) {
    }

    private final WebClient client;
    private final String baseUrl;
    private final String realm;
    private final String clientId;
    private final String clientSecret;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Token token;

    public ClinicianDirectory(Vertx vertx, Clock clock,
            @ConfigProperty(name = "rapport.directory.url") String baseUrl,
            @ConfigProperty(name = "rapport.directory.realm", defaultValue = "rapport") String realm,
            @ConfigProperty(name = "rapport.directory.client-id") String clientId,
            @ConfigProperty(name = "rapport.directory.client-secret") String clientSecret,
            @ConfigProperty(name = "rapport.directory.cache-ttl", defaultValue = "PT10M") Duration ttl) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000).setIdleTimeout(30));
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.realm = realm;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.ttl = ttl;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The clinician with {@code fhirUser = Practitioner/<clinicianId>}, or empty when Keycloak has no such user. */
    public Uni<Optional<Clinician>> find(String clinicianId) {
        Cached hit = cache.get(clinicianId);
        if (hit != null && hit.until().isAfter(clock.instant())) {
            return Uni.createFrom().item(Optional.of(hit.clinician()));
        }
        return accessToken().flatMap(bearer -> client
                        .getAbs(baseUrl + "/admin/realms/" + realm + "/users")
                        .addQueryParam("q", "fhirUser:Practitioner/" + clinicianId)
                        .addQueryParam("exact", "true")
                        .addQueryParam("briefRepresentation", "false")
                        .bearerTokenAuthentication(bearer)
                        .timeout(10_000)
                        .send())
                .map(response -> {
                    if (response.statusCode() == 401) {
                        token = null;
                    }
                    if (response.statusCode() != 200) {
                        throw new DirectoryUnavailableException("Keycloak answered " + response.statusCode()
                                + " to the user search");
                    }
                    JsonArray users = response.bodyAsJsonArray();
                    for (int i = 0; i < users.size(); i++) {
                        Optional<Clinician> clinician = parse(clinicianId, users.getJsonObject(i));
                        if (clinician.isPresent()) {
                            cache.put(clinicianId, new Cached(clinician.get(), clock.instant().plus(ttl)));
                            return clinician;
                        }
                    }
                    return Optional.<Clinician>empty();
                });
    }

    /** Forgets every cached clinician (tests; an operator could expose it later). */
    public void clearCache() {
        cache.clear();
    }

    private Uni<String> accessToken() {
        Token current = token;
        if (current != null && current.until().isAfter(clock.instant().plusSeconds(10))) {
            return Uni.createFrom().item(current.value());
        }
        return client.postAbs(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token")
                .timeout(10_000)
                .sendForm(io.vertx.mutiny.core.MultiMap.caseInsensitiveMultiMap()
                        .add("grant_type", "client_credentials")
                        .add("client_id", clientId)
                        .add("client_secret", clientSecret))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new DirectoryUnavailableException("Keycloak refused the client credentials of "
                                + clientId + " (" + response.statusCode() + ")");
                    }
                    JsonObject body = response.bodyAsJsonObject();
                    Token fresh = new Token(body.getString("access_token"),
                            clock.instant().plusSeconds(body.getLong("expires_in", 60L)));
                    token = fresh;
                    return fresh.value();
                });
    }

    static Optional<Clinician> parse(String clinicianId, JsonObject user) {
        JsonObject attributes = user.getJsonObject("attributes", new JsonObject());
        if (!("Practitioner/" + clinicianId).equals(first(attributes, "fhirUser").orElse(null))) {
            return Optional.empty();
        }
        Optional<ZoneId> zone = first(attributes, "timeZone").flatMap(name -> {
            try {
                return Optional.of(ZoneId.of(name));
            } catch (DateTimeException e) {
                LOG.warnf("clinician %s: time zone '%s' is not known; the policy's default applies", clinicianId, name);
                return Optional.empty();
            }
        });
        Optional<String> supervisor = first(attributes, "supervisor")
                .filter(s -> s.startsWith("Practitioner/")).map(s -> s.substring("Practitioner/".length()));
        Set<NudgeChannel> channels = first(attributes, "nudgeChannels").map(ClinicianDirectory::channels)
                .orElse(DEFAULT_CHANNELS);
        String email = user.getString("email");
        return Optional.of(new Clinician(clinicianId, user.getString("username"),
                Optional.ofNullable(email).filter(e -> !e.isBlank()), zone, supervisor, channels,
                first(attributes, "organization").orElse("default")));
    }

    static Set<NudgeChannel> channels(String text) {
        Set<NudgeChannel> result = EnumSet.noneOf(NudgeChannel.class);
        for (String part : text.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                result.add(NudgeChannel.valueOf(name));
            } catch (IllegalArgumentException e) {
                // unknown channel names are ignored
            }
        }
        return result.isEmpty() ? DEFAULT_CHANNELS : result;
    }

    private static Optional<String> first(JsonObject attributes, String name) {
        Object value = attributes.getValue(name);
        if (value instanceof JsonArray array && !array.isEmpty()) {
            return Optional.ofNullable(array.getString(0)).map(String::trim).filter(s -> !s.isEmpty());
        }
        return value instanceof String s && !s.isBlank() ? Optional.of(s.trim()) : Optional.empty();
    }

    /** Keycloak answered, but not with users: retried like an outage (an IOException is transient). */
    public static final class DirectoryUnavailableException extends java.io.UncheckedIOException {
        public DirectoryUnavailableException(String message) {
            super(message, new java.io.IOException(message));
        }
    }
}
