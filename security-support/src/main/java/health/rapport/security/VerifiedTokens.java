package health.rapport.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens this instance has already verified, so that a portal's next calls with the same token skip the parse and
 * the signature check (more than half of the gateway's CPU per call and about an eighth of message-service's per
 * POST, and a quarter of what that POST allocates, measured with JFR). An entry is the identity
 * quarkus-oidc built for exactly that token string, kept until the token expires and for at most {@link #AT_MOST};
 * any other token (never seen, altered by one character, expired) goes to quarkus-oidc as before. A key rotation
 * changes nothing for tokens already verified: they were validly signed and stay valid until they expire, as without
 * the cache. The gateway and each service keep their own memory: a service still verifies each token itself, once,
 * and a token that slipped past the gateway gains nothing.
 */
@ApplicationScoped
public class VerifiedTokens {

    static final Duration AT_MOST = Duration.ofMinutes(5);
    static final int MAX_TOKENS = 20_000;
    private static final String BEARER = "Bearer ";

    private final AtomicLong hits = new AtomicLong();

    private final Cache<String, SecurityIdentity> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(new Expiry<String, SecurityIdentity>() {
                @Override
                public long expireAfterCreate(String token, SecurityIdentity identity, long now) {
                    return nanosLeft(identity);
                }

                @Override
                public long expireAfterUpdate(String token, SecurityIdentity identity, long now, long left) {
                    return left;
                }

                @Override
                public long expireAfterRead(String token, SecurityIdentity identity, long now, long left) {
                    return left;
                }
            })
            .build();

    /** How many calls were answered from memory since start. */
    public long answeredFromMemory() {
        return hits.get();
    }

    /** {@link #find}, counted when found. Through a method: the injected bean is a client proxy. */
    SecurityIdentity answer(String token) {
        SecurityIdentity identity = find(token);
        if (identity != null) {
            hits.incrementAndGet();
        }
        return identity;
    }

    /** The identity remembered for exactly this token, or null (never verified here, altered, or expired). */
    public SecurityIdentity find(String token) {
        SecurityIdentity identity = verified.getIfPresent(token);
        // Caffeine expires entries lazily: the token's own clock decides
        return identity != null && nanosLeft(identity) > 0 ? identity : null;
    }

    void remember(String token, SecurityIdentity identity) {
        if (nanosLeft(identity) > 0) {
            verified.asMap().putIfAbsent(token, identity);
        }
    }

    private static long nanosLeft(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return 0;
        }
        long untilExpiry = TimeUnit.SECONDS.toNanos(jwt.getExpirationTime())
                - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        return Math.max(0, Math.min(untilExpiry, AT_MOST.toNanos()));
    }

    /**
     * Tried before quarkus-oidc's mechanism: a bearer token verified before is answered from memory; for any other
     * call it answers nothing, and quarkus-oidc's mechanism, next in line, verifies or refuses the token.
     */
    @ApplicationScoped
    public static class KnownBearerTokens implements HttpAuthenticationMechanism {

        private final VerifiedTokens tokens;

        public KnownBearerTokens(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
            String authorization = context.request().getHeader("Authorization");
            if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Uni.createFrom().nullItem();
            }
            return Uni.createFrom().item(tokens.answer(authorization.substring(BEARER.length()).trim()));
        }

        @Override
        public Uni<ChallengeData> getChallenge(RoutingContext context) {
            return Uni.createFrom().nullItem();
        }

        @Override
        public int getPriority() {
            return DEFAULT_PRIORITY + 1_000;
        }
    }

    /** Remembers each identity quarkus-oidc verified, by the exact token it verified. */
    @ApplicationScoped
    public static class RememberVerified implements SecurityIdentityAugmentor {

        private final VerifiedTokens tokens;

        public RememberVerified(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        /** Last of the augmentors, so the identity remembered is the one every other augmentor finished. */
        @Override
        public int priority() {
            return Integer.MIN_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            if (credential != null && !identity.isAnonymous()) {
                tokens.remember(credential.getToken(), identity);
            }
            return Uni.createFrom().item(identity);
        }
    }
}
