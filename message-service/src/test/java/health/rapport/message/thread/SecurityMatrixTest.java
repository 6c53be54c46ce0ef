package health.rapport.message.thread;

import static health.rapport.message.TestDatabase.connect;
import static health.rapport.message.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.testsupport.BadTokens;
import health.rapport.testsupport.RawHttp;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7's security matrix directly against message-service, without the gateway: every bad token kind, object
 * level access between two patients and two clinicians (checked in the database, not only by status), ops without
 * message text, the content-read audit, role escalation, forged forwarding and request-id headers, path tricks and
 * an oversized body. Every refusal is a problem+json and writes nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SecurityMatrixTest {

    private static final String SHA = "a".repeat(64);
    private static final String ATTACHMENT_URL = "https://files.rapport.test/letters/b-1.pdf";

    /** Patient A with clinician X, patient B with clinician Y, one thread each (B's with an attachment). */
    record World(CareTeams.Pair ax, CareTeams.Pair by, String threadA, String threadB) {
    }

    private static World world;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @BeforeEach
    void world() {
        if (world != null) {
            return;
        }
        CareTeams.Pair ax = CareTeams.fresh(jdbcUrl);
        CareTeams.Pair by = CareTeams.fresh(jdbcUrl);
        String threadA = open(ax, Map.of());
        String threadB = open(by, Map.of("attachments", List.of(Map.of("contentType", "application/pdf",
                "size", 1200, "sha256", SHA, "url", ATTACHMENT_URL))));
        given().auth().oauth2(TestTokens.clinician(by.clinician())).contentType(ContentType.JSON)
                .body(Map.of("body", "Dr Y answers B privately.")).post("/api/v1/threads/{id}/messages", threadB)
                .then().statusCode(201);
        world = new World(ax, by, threadA, threadB);
    }

    private static String open(CareTeams.Pair pair, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("recipient", "Practitioner/" + pair.clinician(),
                "subject", "Private subject of " + pair.patient(), "category", "medical-question",
                "body", "Private text of " + pair.patient()));
        body.putAll(extra);
        return given().auth().oauth2(TestTokens.patient(pair.patient())).contentType(ContentType.JSON).body(body)
                .post("/api/v1/threads").then().statusCode(201).extract().path("id");
    }

    /** Every route, with a body where it takes one, on the given thread. */
    private static List<String[]> routes(String thread, String recipient) {
        return List.of(
                new String[] {"GET", "/api/v1/threads", null},
                new String[] {"GET", "/api/v1/threads/unread-count", null},
                new String[] {"GET", "/api/v1/threads/" + thread, null},
                new String[] {"POST", "/api/v1/threads", "{\"recipient\":\"" + recipient + "\",\"subject\":\"s\","
                        + "\"category\":\"other\",\"body\":\"written with a bad token\"}"},
                new String[] {"POST", "/api/v1/threads/" + thread + "/messages", "{\"body\":\"written with a bad token\"}"},
                new String[] {"POST", "/api/v1/threads/" + thread + "/read", "{}"},
                new String[] {"POST", "/api/v1/threads/" + thread + "/close", null},
                new String[] {"POST", "/api/v1/threads/" + thread + "/reopen", null});
    }

    private static Response call(String token, String[] route, String idempotencyKey) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        if (route[0].equals("POST")) {
            request = request.contentType(ContentType.JSON).body(route[2] == null ? "" : route[2]);
        }
        return route[0].equals("GET") ? request.get(route[1]) : request.post(route[1]);
    }

    /**
     * What a refused request must not have changed, as rows (the outbox is left out: its relay deletes rows as
     * it publishes them).
     */
    private record Snapshot(long threads, long messages, long audits, long readStates, long idempotent,
            String statusA, String statusB) {
    }

    private Snapshot snapshot() throws Exception {
        try (Connection db = connect(jdbcUrl)) {
            return new Snapshot(
                    count(db, "select count(*) from thread"),
                    count(db, "select count(*) from message"),
                    count(db, "select count(*) from content_access"),
                    count(db, "select count(*) from read_state"),
                    count(db, "select count(*) from idempotent_request"),
                    status(db, world.threadA()), status(db, world.threadB()));
        }
    }

    private static String status(Connection db, String thread) throws Exception {
        try (var s = db.prepareStatement("select status from thread where id = ?::uuid")) {
            s.setString(1, thread);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void assertProblem(SoftAssertions soft, String what, int status, String contentType, String body,
            int bodyStatus) {
        soft.assertThat(status).as("%s: status", what).isEqualTo(bodyStatus);
        soft.assertThat(contentType).as("%s: content type", what).startsWith("application/problem+json");
        soft.assertThat(body).as("%s: problem body", what).contains("\"status\":" + bodyStatus).contains("\"title\"")
                .contains("\"detail\"");
    }

    private static void assertProblem(SoftAssertions soft, String what, Response response, int status) {
        assertProblem(soft, what, response.statusCode(), response.contentType(), response.asString(), status);
    }

    @ParameterizedTest
    @EnumSource(BadTokens.Kind.class)
    void everyBadTokenKindIsA401ProblemOnEveryRouteAndWritesNothing(BadTokens.Kind kind) throws Exception {
        Snapshot before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        String token = BadTokens.patient(kind, world.ax().patient());
        for (String[] route : routes(world.threadA(), "Practitioner/" + world.ax().clinician())) {
            Response response = call(token, route, "key-" + UUID.randomUUID());
            String what = kind + " " + route[0] + " " + route[1];
            assertProblem(soft, what, response, 401);
            soft.assertThat(response.header("WWW-Authenticate")).as("%s: WWW-Authenticate", what)
                    .startsWith("Bearer");
            soft.assertThat(response.asString()).as("%s: names the reason", what).contains(BadTokens.reasonNamedByServices(kind));
        }
        soft.assertThat(snapshot()).as("rows after %s tokens", kind).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void noTokenIsA401ProblemOnEveryRouteAndWritesNothing() throws Exception {
        Snapshot before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        for (String[] route : routes(world.threadA(), "Practitioner/" + world.ax().clinician())) {
            Response response = call(null, route, null);
            assertProblem(soft, "no token " + route[0] + " " + route[1], response, 401);
            soft.assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        soft.assertThat(snapshot()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void patientANeverReadsOrWritesPatientBsThread() throws Exception {
        String a = TestTokens.patient(world.ax().patient());
        String asB = TestTokens.patient(world.by().patient());
        String bView = given().auth().oauth2(asB).get("/api/v1/threads/{id}", world.threadB()).then().statusCode(200)
                .extract().asString();
        Snapshot before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        for (String[] route : routes(world.threadB(), "Practitioner/" + world.by().clinician())) {
            if (!route[1].contains(world.threadB())) {
                continue;
            }
            assertProblem(soft, "patient A " + route[0] + " " + route[1], call(a, route, "key-" + UUID.randomUUID()),
                    404);
            // the same as for a thread that does not exist: existence does not leak
            String[] absent = {route[0], route[1].replace(world.threadB(), UUID.randomUUID().toString()), route[2]};
            Response none = call(a, absent, null);
            soft.assertThat(none.statusCode()).as("absent thread %s", absent[1]).isEqualTo(404);
        }
        soft.assertThat(snapshot()).as("rows after A's attempts on B's thread").isEqualTo(before);
        try (Connection db = connect(jdbcUrl)) {
            soft.assertThat(count(db, "select count(*) from content_access where thread_id = ?::uuid and reader_ref = ?",
                    world.threadB(), "Patient/" + world.ax().patient())).isZero();
            soft.assertThat(count(db, "select count(*) from read_state where thread_id = ?::uuid and reader_id = ?",
                    world.threadB(), world.ax().patient())).isZero();
        }
        // B's own view is as it was (but for B's own read, which is audited separately)
        soft.assertThat(given().auth().oauth2(asB).get("/api/v1/threads/{id}", world.threadB()).then()
                .statusCode(200).extract().asString()).isEqualTo(bView);

        // A's list never holds B's thread, whatever A asks for (participant is an ops-only parameter)
        for (String query : List.of("", "?participant=Patient/" + world.by().patient(), "?status=open",
                "?participant=Practitioner/" + world.by().clinician() + "&limit=100")) {
            List<String> ids = given().auth().oauth2(a).get("/api/v1/threads" + query).then().statusCode(200)
                    .extract().path("items.id");
            soft.assertThat(ids).as("A's list %s", query).contains(world.threadA()).doesNotContain(world.threadB());
        }
        soft.assertAll();
    }

    @Test
    void clinicianXNeverSeesClinicianYsThreads() throws Exception {
        String x = TestTokens.clinician(world.ax().clinician());
        String y = TestTokens.clinician(world.by().clinician());
        Snapshot before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        List<String> xs = given().auth().oauth2(x).get("/api/v1/threads?limit=100").then().statusCode(200)
                .extract().path("items.id");
        soft.assertThat(xs).contains(world.threadA()).doesNotContain(world.threadB());
        List<String> ys = given().auth().oauth2(y).queryParam("participant", "Practitioner/" + world.ax().clinician())
                .get("/api/v1/threads?limit=100").then().statusCode(200).extract().path("items.id");
        soft.assertThat(ys).contains(world.threadB()).doesNotContain(world.threadA());
        for (String[] route : routes(world.threadB(), "Patient/" + world.by().patient())) {
            if (route[1].contains(world.threadB())) {
                assertProblem(soft, "clinician X " + route[0] + " " + route[1], call(x, route, null), 404);
            }
        }
        // X may not open a thread with Y's patient either: no care relationship
        Response open = call(x, routes(world.threadB(), "Patient/" + world.by().patient()).get(3), null);
        assertProblem(soft, "clinician X opens a thread with B", open, 422);
        soft.assertThat(snapshot()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void opsSeeThreadMetadataButNoTextNoSubjectNoAttachmentUrlAndLeaveNoAudit() throws Exception {
        String ops = TestTokens.ops("olga");
        long audits;
        try (Connection db = connect(jdbcUrl)) {
            audits = count(db, "select count(*) from content_access");
        }
        Response thread = given().auth().oauth2(ops).get("/api/v1/threads/{id}", world.threadB());
        thread.then().statusCode(200);
        String json = thread.asString();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(thread.<List<String>>path("messages.id")).hasSize(2);
        soft.assertThat(thread.<List<Object>>path("messages.body")).containsOnlyNulls();
        soft.assertThat(thread.<Object>path("subject")).isNull();
        soft.assertThat(thread.<List<String>>path("messages[0].attachments.sha256")).containsExactly(SHA);
        soft.assertThat(thread.<List<Object>>path("messages[0].attachments.url")).containsOnlyNulls();
        soft.assertThat(json).doesNotContain("Private text of").doesNotContain("Private subject of")
                .doesNotContain("answers B privately").doesNotContain(ATTACHMENT_URL);
        String list = given().auth().oauth2(ops).queryParam("participant", "Patient/" + world.by().patient())
                .get("/api/v1/threads").then().statusCode(200).extract().asString();
        soft.assertThat(list).contains(world.threadB()).doesNotContain("Private subject of");
        try (Connection db = connect(jdbcUrl)) {
            soft.assertThat(count(db, "select count(*) from content_access")).as("ops reads are not content reads")
                    .isEqualTo(audits);
        }
        // ops write nothing
        Snapshot before = snapshot();
        for (String[] route : routes(world.threadB(), "Patient/" + world.by().patient())) {
            if (route[0].equals("POST")) {
                assertProblem(soft, "ops " + route[1], call(ops, route, null), 403);
            }
        }
        soft.assertThat(snapshot()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void oneReadOfAThreadWritesExactlyOneAuditRowNamingTheCallerAndARefusedReadNone() throws Exception {
        String reader = "Practitioner/" + world.ax().clinician();
        long mine;
        long all;
        try (Connection db = connect(jdbcUrl)) {
            mine = count(db, "select count(*) from content_access where thread_id = ?::uuid and reader_ref = ?",
                    world.threadA(), reader);
            all = count(db, "select count(*) from content_access");
        }
        given().auth().oauth2(TestTokens.clinician(world.ax().clinician())).get("/api/v1/threads/{id}", world.threadA())
                .then().statusCode(200);
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from content_access where thread_id = ?::uuid and reader_ref = ?"
                    + " and purpose = 'GET /api/v1/threads/{id}'", world.threadA(), reader)).isEqualTo(mine + 1);
            assertThat(count(db, "select count(*) from content_access")).isEqualTo(all + 1);
        }
        // refused reads: another patient, another clinician, a bad token, no token
        given().auth().oauth2(TestTokens.patient(world.by().patient())).get("/api/v1/threads/{id}", world.threadA())
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.clinician(world.by().clinician())).get("/api/v1/threads/{id}", world.threadA())
                .then().statusCode(404);
        given().auth().oauth2(BadTokens.clinician(BadTokens.Kind.WRONGLY_SIGNED, world.ax().clinician()))
                .get("/api/v1/threads/{id}", world.threadA()).then().statusCode(401);
        given().get("/api/v1/threads/{id}", world.threadA()).then().statusCode(401);
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from content_access")).isEqualTo(all + 1);
        }
    }

    @Test
    void roleEscalationIsRefused() throws Exception {
        Snapshot before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        String patient = world.ax().patient();
        // a system token (EHR integrations post through Kafka, not REST) may call nothing here
        String ehr = TestTokens.token("svc-ehr-bridge", null, List.of("ehr-system"));
        for (String[] route : routes(world.threadA(), "Practitioner/" + world.ax().clinician())) {
            assertProblem(soft, "ehr-system " + route[0] + " " + route[1], call(ehr, route, null), 403);
        }
        // a patient token that also carries ops is still the patient: own threads only, with text
        String both = TestTokens.token(patient, "Patient/" + patient, List.of("patient", "ops"));
        List<String> ids = given().auth().oauth2(both).queryParam("participant", "Patient/" + world.by().patient())
                .get("/api/v1/threads").then().statusCode(200).extract().path("items.id");
        soft.assertThat(ids).contains(world.threadA()).doesNotContain(world.threadB());
        assertProblem(soft, "patient+ops on B's thread", given().auth().oauth2(both)
                .get("/api/v1/threads/{id}", world.threadB()), 404);
        // role names in other claims, or a forged fhirUser for someone else's role, give nothing
        String claimsOps = TestTokens.token("mallory", "Patient/" + patient, List.of("Ops", "OPS", "admin"));
        assertProblem(soft, "roles in the wrong case", given().auth().oauth2(claimsOps).get("/api/v1/threads"), 403);
        soft.assertThat(snapshot()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void forwardedHeadersFromAnUntrustedAddressDoNotChangeTheLocation() {
        int port = RestAssured.port;
        String body = "{\"recipient\":\"Practitioner/" + world.ax().clinician() + "\",\"subject\":\"Forwarded\","
                + "\"category\":\"other\",\"body\":\"Location check\"}";
        List<String> forged = List.of("Authorization: Bearer " + TestTokens.patient(world.ax().patient()),
                "Content-Type: application/json", "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: https",
                "X-Forwarded-Port: 8443", "X-Forwarded-Prefix: /evil", "Forwarded: host=evil.example;proto=https");
        // 127.0.0.2 is loopback but not in quarkus.http.proxy.trusted-proxies
        RawHttp.Reply untrusted = RawHttp.send("127.0.0.2", port, "POST", "/api/v1/threads", forged, body);
        assertThat(untrusted.status()).isEqualTo(201);
        assertThat(untrusted.header("location")).startsWith("http://127.0.0.1:" + port + "/api/v1/threads/")
                .doesNotContain("evil");
        // from 127.0.0.1, a trusted proxy (the gateway runs on loopback or a private network), they are honoured
        RawHttp.Reply trusted = RawHttp.send(port, "POST", "/api/v1/threads",
                List.of(forged.get(0), forged.get(1), "X-Forwarded-Host: portal.rapport.example",
                        "X-Forwarded-Proto: https"), body);
        assertThat(trusted.status()).isEqualTo(201);
        assertThat(trusted.header("location")).startsWith("https://portal.rapport.example/api/v1/threads/");
        // malformed forwarding headers from a trusted proxy: taken as the proxy says or refused, never a 500 and
        // never a Location that is not a URI (the gateway sets these headers itself, it never relays a client's)
        for (List<String> odd : List.of(List.of("X-Forwarded-Host: evil.example%3F:x"),
                List.of("X-Forwarded-Host: a b c", "X-Forwarded-Proto: gopher"),
                List.of("Forwarded: host=\"[::1\";proto=https"))) {
            List<String> headers = new ArrayList<>(List.of(forged.get(0), forged.get(1)));
            headers.addAll(odd);
            RawHttp.Reply reply = RawHttp.send(port, "POST", "/api/v1/threads", headers, body);
            assertThat(reply.status()).as("%s", odd).isIn(201, 400);
            if (reply.status() == 400) {
                assertThat(reply.contentType()).as("%s", odd).startsWith("application/problem+json");
            } else {
                assertThat(java.net.URI.create(reply.header("location")).isAbsolute()).as("%s", odd).isTrue();
            }
        }
    }

    @Test
    void aForgedRequestIdNeverReachesTheLogsOrTheResponse() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            String marker = "forged-" + UUID.randomUUID();
            String token = "Authorization: Bearer " + TestTokens.patient(world.ax().patient());
            String path = "/api/v1/threads/" + world.threadA();
            // control characters: the HTTP codec (Vert.x core, before any route) refuses the request with a bare
            // 400 and closes; no application code, no log line, nothing echoed
            RawHttp.Reply control = RawHttp.send(RestAssured.port, "GET", path,
                    List.of(token, "X-Request-Id: " + marker + "\u0007\u001b[31mred"), null);
            assertThat(control.status()).isEqualTo(400);
            assertThat(control.body()).doesNotContain(marker);
            assertThat(control.headers().toString()).doesNotContain(marker);
            // long or odd but legal values are served; the service neither echoes nor logs them
            List<String> ids = List.of(marker + "-" + "x".repeat(300), marker + "\tinjected=true",
                    marker + " ; DROP TABLE thread");
            for (String id : ids) {
                RawHttp.Reply reply = RawHttp.send(RestAssured.port, "GET", path, List.of(token, "X-Request-Id: " + id),
                        null);
                assertThat(reply.status()).as("request id %s", id.substring(0, 50)).isEqualTo(200);
                assertThat(reply.headers().toString()).doesNotContain(marker);
                assertThat(reply.body()).doesNotContain(marker);
            }
            // a refused request and a failing one must not log it either
            RawHttp.send(RestAssured.port, "GET", "/api/v1/threads/not-a-uuid",
                    List.of("X-Request-Id: " + ids.get(0)), null);
            RawHttp.send(RestAssured.port, "GET", "/api/v1/threads/" + UUID.randomUUID(),
                    List.of(token, "X-Request-Id: " + ids.get(1)), null);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(logged).noneMatch(line -> line.contains("forged-"));
    }

    @Test
    void pathTricksNeverReachAnotherResourceNorFail() {
        int port = RestAssured.port;
        String a = "Authorization: Bearer " + TestTokens.patient(world.ax().patient());
        String tA = world.threadA();
        String tB = world.threadB();
        List<String> targets = new ArrayList<>(List.of(
                "/api/v1/threads/../threads/" + tB,
                "/api/v1/threads/" + tA + "/../" + tB,
                "/api/v1/threads/" + tA + "/%2e%2e/" + tB,
                "/api/v1/threads/%2e%2e/%2e%2e/engagement/providers",
                "/api/v1/threads/../engagement/providers",
                "/api/v1/threads/" + tA + "%2F..%2F" + tB,
                "/api/v1/threads/" + tB + "%2Fmessages",
                "/api/v1/threads/%2F" + tB,
                "/api/v1/threads/" + tB + "%00",
                "/api/v1/threads/" + tB + ";jsessionid=1",
                "//api/v1/threads/" + tB,
                "/api/v1//threads/" + tB,
                "/api/v1/threads/%252e%252e/" + tB,
                "/api/v1/nothing-here",
                "/api/v1/threads/" + tB + "/secret"));
        SoftAssertions soft = new SoftAssertions();
        for (String target : targets) {
            RawHttp.Reply reply = RawHttp.send(port, "GET", target, List.of(a), null);
            String what = "GET " + target;
            soft.assertThat(reply.status()).as("%s: status", what).isIn(400, 404);
            soft.assertThat(reply.contentType()).as("%s: content type", what).startsWith("application/problem+json");
            soft.assertThat(reply.body()).as("%s: body", what).doesNotContain("Private").contains("\"status\":"
                    + reply.status());
        }
        // without a token, a detour through an open path does not skip authentication
        for (String target : List.of("/q/health/../../api/v1/threads", "/q/../api/v1/threads",
                "/q/health/%2e%2e/%2e%2e/api/v1/threads/" + tA)) {
            RawHttp.Reply reply = RawHttp.send(port, "GET", target, List.of(), null);
            soft.assertThat(reply.status()).as("GET %s without token", target).isIn(400, 401, 404);
            soft.assertThat(reply.contentType()).as("GET %s without token", target)
                    .startsWith("application/problem+json");
        }
        // a method the route does not have
        RawHttp.Reply delete = RawHttp.send(port, "DELETE", "/api/v1/threads/" + tA, List.of(a), null);
        soft.assertThat(delete.status()).as("DELETE").isEqualTo(405);
        soft.assertThat(delete.contentType()).as("DELETE").startsWith("application/problem+json");
        soft.assertAll();
    }

    @Test
    void anOversizedBodyIsA413ProblemAndWritesNothing() throws Exception {
        Snapshot before = snapshot();
        String big = "{\"body\":\"" + "x".repeat(300 * 1024) + "\"}";
        Response response = given().auth().oauth2(TestTokens.patient(world.ax().patient())).contentType(ContentType.JSON)
                .body(big).post("/api/v1/threads/{id}/messages", world.threadA());
        SoftAssertions soft = new SoftAssertions();
        assertProblem(soft, "300 KB message", response, 413);
        // the same from a caller with a bad token: refused too, whichever check comes first
        Response bad = given().auth().oauth2(BadTokens.patient(BadTokens.Kind.ALG_NONE, world.ax().patient()))
                .contentType(ContentType.JSON).body(big).post("/api/v1/threads/{id}/messages", world.threadA());
        soft.assertThat(bad.statusCode()).isIn(401, 413);
        soft.assertThat(bad.contentType()).startsWith("application/problem+json");
        soft.assertThat(snapshot()).isEqualTo(before);
        soft.assertAll();
    }
}
