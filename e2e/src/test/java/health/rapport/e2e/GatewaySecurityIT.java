package health.rapport.e2e;

import static health.rapport.e2e.Suite.count;
import static health.rapport.e2e.Suite.json;
import static health.rapport.e2e.Suite.raw;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import health.rapport.events.Topics;
import health.rapport.stack.StackSettings.Port;
import health.rapport.testsupport.KafkaTopics;
import io.smallrye.jwt.build.Jwt;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The security matrix through the gateway, with the real Keycloak's tokens: object-level access (alice never reads
 * or writes ben's threads, dr-carol never sees dr-bob's, ops see no text), role escalation, every bad token kind
 * Keycloak or a forger can produce, header injection, path tricks and oversized bodies, each refused with the right
 * status and a problem+json body, and nothing written.
 *
 * <p>Written to the gateway's contract (issue 7): every error the gateway itself produces is
 * {@code application/problem+json} with {@code type}, {@code title}, {@code status} and {@code detail}; every response
 * carries an {@code X-Request-Id}. Only refused writes are attempted on the demo threads, so the counters other ITs
 * assert on do not move; the one successful write (the 201 whose {@code Location} is checked) goes to a clinician of
 * this class's own, put in alice's care by an EHR encounter.
 */
@ExtendWith({LocalStackExtension.class, SoftAssertionsExtension.class})
class GatewaySecurityIT {

    /** Every violation of a test is reported, not only the first (the list to check after the gateway work). */
    @InjectSoftAssertions
    private SoftAssertions softly;

    private static final String REQUEST_ID = "[A-Za-z0-9._-]{1,64}";

    private static String alice;
    private static String ben;
    private static String bob;
    private static String carol;
    private static String ops;
    /** ben's demo thread with dr-bob, and alice's with dr-bob. */
    private static String bensThread;
    private static String alicesThread;

    @BeforeAll
    static void tokensAndThreads() {
        alice = Suite.token("alice");
        ben = Suite.token("ben");
        bob = Suite.token("dr-bob");
        carol = Suite.token("dr-carol");
        ops = Suite.token("olga");
        bensThread = threadWith(ben, "Practitioner/prac-bob");
        alicesThread = threadWith(alice, "Practitioner/prac-bob");
    }

    @Test
    void aPatientNeverReadsOrWritesAnotherPatientsThread() throws Exception {
        try (Connection db = Suite.db("message")) {
            Map<String, Long> before = footprint(db, bensThread);

            problem(raw("GET", "/api/v1/threads/" + bensThread, alice, Map.of(), null), 404);
            problem(raw("POST", "/api/v1/threads/" + bensThread + "/messages", alice, jsonHeaders(),
                    BodyPublishers.ofString(body(PhiTexts.distinctive("Alice tries to write into ben's thread")))), 404);
            problem(raw("POST", "/api/v1/threads/" + bensThread + "/read", alice, jsonHeaders(), BodyPublishers.ofString("{}")),
                    404);
            problem(raw("POST", "/api/v1/threads/" + bensThread + "/close", alice, jsonHeaders(), BodyPublishers.ofString("{}")),
                    404);
            JsonNode list = json(ok(raw("GET", "/api/v1/threads?participant=Patient/pat-ben&limit=100", alice,
                    Map.of(), null)).body());
            softly.assertThat(list.path("items").findValuesAsText("id")).doesNotContain(bensThread);
            softly.assertThat(list.path("items").findValuesAsText("patient")).containsOnly("Patient/pat-alice");

            softly.assertThat(footprint(db, bensThread)).as("nothing written to ben's thread").isEqualTo(before);
        }
    }

    @Test
    void aClinicianNeverSeesAnotherCliniciansThreads() throws Exception {
        try (Connection db = Suite.db("message")) {
            Map<String, Long> before = footprint(db, bensThread);
            JsonNode list = json(ok(raw("GET", "/api/v1/threads?limit=100", carol, Map.of(), null)).body());
            softly.assertThat(list.path("items").findValuesAsText("clinician")).containsOnly("Practitioner/prac-carol");
            softly.assertThat(list.path("items").findValuesAsText("id")).doesNotContain(bensThread, alicesThread);

            problem(raw("GET", "/api/v1/threads/" + bensThread, carol, Map.of(), null), 404);
            problem(raw("POST", "/api/v1/threads/" + bensThread + "/messages", carol, jsonHeaders(),
                    BodyPublishers.ofString(body(PhiTexts.distinctive("Dr Carol tries to answer for Dr Bob")))), 404);
            problem(raw("GET", "/api/v1/engagement/providers/prac-bob", carol, Map.of(), null), 403);
            softly.assertThat(footprint(db, bensThread)).as("nothing written to ben's thread").isEqualTo(before);
        }
    }

    @Test
    void opsSeeMetadataButNoMessageText() throws Exception {
        try (Connection db = Suite.db("message")) {
            Map<String, Long> before = footprint(db, bensThread);
            JsonNode thread = json(ok(raw("GET", "/api/v1/threads/" + bensThread, ops, Map.of(), null)).body());
            softly.assertThat(thread.path("id").asText()).isEqualTo(bensThread);
            softly.assertThat(thread.path("messages").size()).isPositive();
            softly.assertThat(thread.path("messages").findValues("kind")).hasSize(thread.path("messages").size());
            softly.assertThat(thread.findValues("body")).as("no message text for ops").isEmpty();

            JsonNode list = json(ok(raw("GET", "/api/v1/threads?participant=Patient/pat-ben", ops, Map.of(), null))
                    .body());
            softly.assertThat(list.path("items").findValuesAsText("id")).contains(bensThread);
            softly.assertThat(list.findValues("body")).isEmpty();

            problem(raw("POST", "/api/v1/threads/" + bensThread + "/messages", ops, jsonHeaders(),
                    BodyPublishers.ofString(body(PhiTexts.distinctive("Ops must not write into threads")))), 403);
            softly.assertThat(footprint(db, bensThread)).as("no audit row, no message").isEqualTo(before);
        }
    }

    @Test
    void patientsAndCliniciansAreRefusedOnOpsRoutes() {
        JsonNode policy = json(ok(raw("GET", "/api/v1/nudge-policy", ops, Map.of(), null)).body());
        String changed = policy.deepCopy().toString().replaceFirst("\"weeklyCap\":\\d+", "\"weeklyCap\":99");
        for (String token : List.of(alice, carol)) {
            problem(raw("GET", "/api/v1/nudge-policy", token, Map.of(), null), 403);
            problem(raw("PUT", "/api/v1/nudge-policy", token, jsonHeaders(), BodyPublishers.ofString(changed)), 403);
            problem(raw("POST", "/api/v1/engagement/evaluations", token, Map.of(), BodyPublishers.noBody()), 403);
            problem(raw("GET", "/api/v1/engagement/providers", token, Map.of(), null), 403);
        }
        // the patient's routes end at threads: engagement and nudges are for clinicians and ops
        problem(raw("GET", "/api/v1/engagement/providers/prac-bob", alice, Map.of(), null), 403);
        problem(raw("GET", "/api/v1/nudges", alice, Map.of(), null), 403);
        JsonNode after = json(ok(raw("GET", "/api/v1/nudge-policy", ops, Map.of(), null)).body());
        softly.assertThat(after).as("the policy is unchanged").isEqualTo(policy);
    }

    @Test
    void everyBadTokenKindIsA401() throws Exception {
        JsonNode real = Suite.claims(alice);
        softly.assertThat(real.path("iss").asText()).isEqualTo(Suite.settings().issuer());

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("garbage", "garbage");
        tokens.put("three garbage parts", "abc.def.ghi");
        tokens.put("alg none", unsigned(real));
        tokens.put("signed by another key, with the realm's key id", forged(real, realmKeyId()));
        tokens.put("signed by another key, no key id", forged(real, null));
        tokens.put("a real token with its signature cut off", alice.substring(0, alice.lastIndexOf('.') + 1));
        String master = Suite.passwordToken("master", "admin-cli", "admin", "admin");
        softly.assertThat(Suite.claims(master).path("iss").asText()).endsWith("/realms/master");
        tokens.put("realm master (wrong issuer)", master);
        // realm rapport's admin-cli has direct access grants but not the client scope "rapport", so Keycloak signs a
        // token for alice that lacks the audience
        String noAudience = Suite.passwordToken("rapport", "admin-cli", "alice", "rapport");
        softly.assertThat(Suite.claims(noAudience).path("iss").asText()).isEqualTo(Suite.settings().issuer());
        softly.assertThat(Suite.claims(noAudience).path("aud").toString()).doesNotContain("\"rapport\"");
        tokens.put("realm rapport without audience rapport", noAudience);

        problem("no token", raw("GET", "/api/v1/threads", null, Map.of(), null), 401);
        problem("an empty bearer", raw("GET", "/api/v1/threads", null, Map.of("Authorization", "Bearer "), null), 401);
        problem("another scheme", raw("GET", "/api/v1/threads", null, Map.of("Authorization", "Basic YWxpY2U6cmFwcG9ydA=="),
                null), 401);
        tokens.forEach((kind, token) -> problem(kind, raw("GET", "/api/v1/threads", token, Map.of(), null), 401));

        // and a write with each of them writes nothing
        String thread = body(Map.of("recipient", "Practitioner/prac-bob", "category", "other",
                "subject", PhiTexts.distinctive("Written with a bad token"),
                "body", PhiTexts.distinctive("This must never be stored: the token is bad.")));
        try (Connection db = Suite.db("message")) {
            long threads = count(db, "select count(*) from thread where patient_id = 'pat-alice'");
            tokens.forEach((kind, token) -> problem(kind, raw("POST", "/api/v1/threads", token, jsonHeaders(),
                    BodyPublishers.ofString(thread)), 401));
            softly.assertThat(count(db, "select count(*) from thread where patient_id = 'pat-alice'"))
                    .as("threads of alice after the writes with bad tokens").isEqualTo(threads);
        }
        // Left out: a not-yet-valid token cannot be had from Keycloak (it signs with its own clock); the gateway's own
        // tests cover it with their test key.
    }

    @Test
    void anExpiredKeycloakTokenIsA401() throws Exception {
        // A client of this test's own whose tokens live 5 s (realm rapport's default scopes, audience rapport
        // included, apply to it), so the realm's lifespan for everyone else stays as it is.
        String admin = Suite.passwordToken("master", "admin-cli", "admin", "admin");
        String client = "{\"clientId\":\"e2e-short-lived\",\"publicClient\":true,\"directAccessGrantsEnabled\":true,"
                + "\"standardFlowEnabled\":false,\"attributes\":{\"access.token.lifespan\":\"5\"}}";
        int created = Suite.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        Suite.settings().url(Port.KEYCLOAK) + "/admin/realms/rapport/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(client)).build()).statusCode();
        softly.assertThat(created).as("client e2e-short-lived created (or there from an earlier test)").isIn(201, 409);

        String shortLived = Suite.passwordToken("rapport", "e2e-short-lived", "alice", "rapport");
        JsonNode claims = Suite.claims(shortLived);
        softly.assertThat(claims.path("aud").toString()).contains("\"rapport\"");
        softly.assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(5);
        ok(raw("GET", "/api/v1/threads", shortLived, Map.of(), null)); // valid while it lives
        long wait = claims.path("exp").asLong() * 1000 - System.currentTimeMillis() + 5_000;
        Thread.sleep(Math.max(0, wait));
        problem("expired 5 s ago", raw("GET", "/api/v1/threads", shortLived, Map.of(), null), 401);
    }

    @Test
    void forgedForwardedHeadersDoNotMoveTheLocation() {
        String clinician = "prac-e2e-sec-" + UUID.randomUUID().toString().substring(0, 8);
        careOf("pat-alice", clinician);
        // each header alone (so a failure names the one that leaked), then all of them together
        Map<String, Map<String, String>> forgeries = new LinkedHashMap<>();
        forgeries.put("X-Forwarded-Host", Map.of("X-Forwarded-Host", "evil.example:6666"));
        forgeries.put("X-Forwarded-Proto", Map.of("X-Forwarded-Proto", "https"));
        forgeries.put("X-Forwarded-Port", Map.of("X-Forwarded-Port", "6666"));
        forgeries.put("X-Forwarded-Prefix", Map.of("X-Forwarded-Prefix", "/evil"));
        forgeries.put("Forwarded", Map.of("Forwarded", "host=evil.example;proto=https"));
        Map<String, String> all = new LinkedHashMap<>();
        forgeries.values().forEach(all::putAll);
        forgeries.put("all of them", all);
        for (Map.Entry<String, Map<String, String>> forgery : forgeries.entrySet()) {
            Map<String, String> headers = new LinkedHashMap<>(jsonHeaders());
            headers.putAll(forgery.getValue());
            String thread = body(Map.of("recipient", "Practitioner/" + clinician, "category", "other",
                    "subject", PhiTexts.distinctive("Checking the portal link"),
                    "body", PhiTexts.distinctive("This thread only tests the gateway's forwarded headers.")));
            // the first call may come before message-service has learnt the encounter (403/422 until then)
            HttpResponse<String> created = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> raw("POST", "/api/v1/threads", alice, headers, BodyPublishers.ofString(thread)),
                            r -> r.statusCode() != 422 && r.statusCode() != 403);
            softly.assertThat(created.statusCode()).as(forgery.getKey() + shown(created)).isEqualTo(201);
            String id = json(created.body()).path("id").asText();
            softly.assertThat(created.headers().firstValue("Location")).as("Location with a forged " + forgery.getKey())
                    .hasValue(Suite.gateway() + "/api/v1/threads/" + id);
        }
    }

    @Test
    void theGatewayKeepsAWellFormedRequestIdAndRefusesAForgedOne() {
        HttpResponse<String> plain = ok(raw("GET", "/api/v1/threads", alice, Map.of(), null));
        HttpResponse<String> again = ok(raw("GET", "/api/v1/threads", alice, Map.of(), null));
        softly.assertThat(plain.headers().firstValue("X-Request-Id")).as("X-Request-Id on a 200").hasValueSatisfying(v -> softly.assertThat(v).matches(REQUEST_ID));
        softly.assertThat(again.headers().firstValue("X-Request-Id")).as("a fresh X-Request-Id per call")
                .isNotEqualTo(plain.headers().firstValue("X-Request-Id"));
        softly.assertThat(raw("GET", "/api/v1/threads", null, Map.of(), null).headers().firstValue("X-Request-Id"))
                .as("on the gateway's own 401 too").hasValueSatisfying(v -> softly.assertThat(v).matches(REQUEST_ID));

        String mine = "e2e-req." + UUID.randomUUID().toString().substring(0, 8) + "_1";
        softly.assertThat(ok(raw("GET", "/api/v1/threads", alice, Map.of("X-Request-Id", mine), null)).headers()
                .firstValue("X-Request-Id")).as("the client's well-formed X-Request-Id kept").hasValue(mine);

        for (String forged : List.of("has spaces in it", "a".repeat(65), "<script>alert(1)</script>", "id;drop",
                "ünïcode")) {
            HttpResponse<String> refused = raw("GET", "/api/v1/threads", alice, Map.of("X-Request-Id", forged), null);
            JsonNode problem = problem("X-Request-Id " + forged, refused, 400);
            if (refused.statusCode() == 400) {
                softly.assertThat(problem.toString()).as("names the header").contains("X-Request-Id");
            }
            softly.assertThat(refused.headers().allValues("X-Request-Id")).doesNotContain(forged);
        }
    }

    @Test
    void pathTricksAreRefusedAndNeverReachAnotherService() {
        List<String> tricks = List.of(
                "/api/v1/threads/../engagement/providers",
                "/api/v1/threads/%2e%2e/engagement/providers",
                "/api/v1/threads/%2E%2E/x",
                "/api/v1/threads/..%2Fengagement%2Fproviders",
                "/api/v1/threads/" + alicesThread + "%2Fmessages",
                "/api/v1/threads/%2F..%2F..%2Fengagement%2Fproviders",
                "//api/v1/threads",
                "/api/v1/engagement/../threads",
                "/api/v1/nudges/../nudge-policy");
        List<String> wrong = new ArrayList<>();
        for (String path : tricks) {
            for (Map.Entry<String, String> caller : Map.of("olga", ops, "alice", alice).entrySet()) {
                HttpResponse<String> response = raw("GET", path, caller.getValue(), Map.of(), null);
                int status = response.statusCode();
                boolean problemJson = response.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json");
                if (status < 400 || status >= 500 || !problemJson || response.body().contains("\"items\"")) {
                    wrong.add(caller.getKey() + " GET " + path + " -> " + status + " "
                            + response.headers().firstValue("Content-Type").orElse("(no content type)"));
                }
            }
        }
        softly.assertThat(wrong).as("path tricks not refused with a 4xx problem+json").isEmpty();
        problem(raw("GET", "/api/v1/nothing-here", alice, Map.of(), null), 404);
        problem(raw("GET", "/api/v1/threadsX", alice, Map.of(), null), 404);
    }

    @Test
    void aBodyOverOneMegabyteIsA413AndNothingIsWritten() throws Exception {
        String huge = body(Map.of("recipient", "Practitioner/prac-bob", "subject", "Large", "category", "other",
                "body", "x".repeat(1_100_000))); // filler, not a message text: nothing to register
        String hugeMessage = body(Map.of("body", "y".repeat(1_100_000)));
        try (Connection db = Suite.db("message")) {
            long threads = count(db, "select count(*) from thread where patient_id = 'pat-alice'");
            long messages = count(db, "select count(*) from message where thread_id = ?::uuid", alicesThread);

            problem(raw("POST", "/api/v1/threads", alice, jsonHeaders(), BodyPublishers.ofString(huge)), 413);
            // the same without Content-Length (chunked): refused once the limit is passed
            byte[] bytes = hugeMessage.getBytes(StandardCharsets.UTF_8);
            problem(raw("POST", "/api/v1/threads/" + alicesThread + "/messages", alice, jsonHeaders(),
                    BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))), 413);

            softly.assertThat(count(db, "select count(*) from thread where patient_id = 'pat-alice'")).isEqualTo(threads);
            softly.assertThat(count(db, "select count(*) from message where thread_id = ?::uuid", alicesThread))
                    .isEqualTo(messages);
        }
    }

    /** Expects a problem+json answer with the contract's members and this status; returns its body (or {}). */
    private JsonNode problem(HttpResponse<String> response, int status) {
        return problem("", response, status);
    }

    private JsonNode problem(String label, HttpResponse<String> response, int status) {
        String what = (label.isEmpty() ? "" : label + ": ") + response.request().method() + " "
                + response.request().uri().getRawPath();
        String type = response.headers().firstValue("Content-Type").orElse("(none)");
        if (response.statusCode() != status) {
            softly.fail("%s: expected %d, got %d %s%s", what, status, response.statusCode(), type, shown(response));
            return Suite.JSON.createObjectNode();
        }
        softly.assertThat(type).as(what + " content type").startsWith("application/problem+json");
        if (!type.contains("json")) {
            return Suite.JSON.createObjectNode();
        }
        JsonNode problem = json(response.body());
        softly.assertThat(problem.path("status").asInt()).as(what + " member status").isEqualTo(status);
        for (String member : List.of("type", "title", "detail")) {
            softly.assertThat(problem.path(member).isTextual()).as(what + " member " + member + " in " + problem)
                    .isTrue();
        }
        return problem;
    }

    /** Expects a 200; returns the response. */
    private HttpResponse<String> ok(HttpResponse<String> response) {
        softly.assertThat(response.statusCode()).as(response.request().uri() + shown(response)).isEqualTo(200);
        return response;
    }

    /**
     * The body for an assertion message, only when it is an error's: a 2xx body may hold message text (the demo
     * threads' subjects), which must not reach the build log either.
     */
    private static String shown(HttpResponse<String> response) {
        if (response.statusCode() < 400) {
            return " (a " + response.statusCode() + " body, not shown)";
        }
        String body = response.body();
        return ": " + (body.length() <= 300 ? body : body.substring(0, 300) + "...");
    }

    private static Map<String, String> jsonHeaders() {
        return Map.of("Content-Type", "application/json");
    }

    private static String body(Object value) {
        try {
            return Suite.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(String text) {
        return body(Map.of("body", text));
    }

    /** Everything a refused call must leave as it was: messages, read state, audit rows, status, last message. */
    private static Map<String, Long> footprint(Connection db, String thread) throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("message", count(db, "select count(*) from message where thread_id = ?::uuid", thread));
        rows.put("read_state", count(db, "select count(*) from read_state where thread_id = ?::uuid", thread));
        rows.put("content_access", count(db, "select count(*) from content_access where thread_id = ?::uuid", thread));
        rows.put("open", count(db, "select count(*) from thread where id = ?::uuid and status = 'OPEN'", thread));
        rows.put("last_message_at", count(db,
                "select extract(epoch from last_message_at) * 1000000 from thread where id = ?::uuid", thread));
        return rows;
    }

    /** The id of a demo thread between the caller and that clinician (seeded by the stack's demo data). */
    private static String threadWith(String token, String clinician) {
        JsonNode list = json(given().baseUri(Suite.gateway()).auth().oauth2(token).queryParam("limit", 100)
                .when().get("/api/v1/threads").then().statusCode(200).extract().asString());
        for (JsonNode item : list.path("items")) {
            if (item.path("clinician").asText().equals(clinician)) {
                return item.path("id").asText();
            }
        }
        throw new AssertionError("no demo thread with " + clinician);
    }

    /** The EHR says the patient saw the clinician, so message-service lets them write to each other. */
    private static void careOf(String patient, String clinician) {
        String id = "enc-e2e-" + UUID.randomUUID();
        KafkaTopics.send(Suite.settings().kafkaBootstrap(), Topics.EHR_ENCOUNTERS, patient,
                "{\"resourceType\":\"Encounter\",\"id\":\"" + id + "\",\"status\":\"finished\",\"class\":{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"participant\":[{"
                        + "\"individual\":{\"reference\":\"Practitioner/" + clinician + "\"}}],"
                        + "\"period\":{\"start\":\"2026-01-05T09:00:00-05:00\"}}");
    }

    /** The realm's current signing key id, from its JWKS. */
    private static String realmKeyId() {
        JsonNode jwks = json(given().baseUri(Suite.settings().url(Port.KEYCLOAK))
                .when().get("/realms/rapport/protocol/openid-connect/certs").then().statusCode(200).extract().asString());
        for (JsonNode key : jwks.path("keys")) {
            if ("RS256".equals(key.path("alg").asText()) && "sig".equals(key.path("use").asText())) {
                return key.path("kid").asText();
            }
        }
        throw new AssertionError("no RS256 signing key in " + jwks);
    }

    /** The real token's claims, signed with a fresh RSA key the realm never published. */
    private static String forged(JsonNode claims, String keyId) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        var builder = Jwt.claims(Suite.JSON.convertValue(claims,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { })).jws();
        return keyId == null ? builder.sign(pair.getPrivate()) : builder.keyId(keyId).sign(pair.getPrivate());
    }

    /** The real token's claims under {@code "alg": "none"}, with an empty signature. */
    private static String unsigned(JsonNode claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
