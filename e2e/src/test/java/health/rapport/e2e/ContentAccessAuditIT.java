package health.rapport.e2e;

import static health.rapport.e2e.Suite.count;
import static health.rapport.e2e.Suite.json;
import static health.rapport.e2e.Suite.raw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7's audit acceptance: every read of message content through the gateway leaves exactly one
 * {@code content_access} row in message-service's database naming the caller and the thread; a refused read, and
 * an ops read (metadata only, no text leaves), leave none.
 */
@ExtendWith(LocalStackExtension.class)
class ContentAccessAuditIT {

    /** A row of {@code content_access}. */
    record Access(String thread, String reader, String purpose) {
    }

    @Test
    void eachContentReadLeavesExactlyOneRowNamingTheCallerAndARefusedReadNone() throws Exception {
        String alice = Suite.token("alice");
        String bob = Suite.token("dr-bob");
        String ben = Suite.token("ben");
        String ops = Suite.token("olga");
        JsonNode threads = json(raw("GET", "/api/v1/threads?limit=100", alice, Map.of(), null).body());
        String thread = null;
        for (JsonNode item : threads.path("items")) {
            if (item.path("clinician").asText().equals("Practitioner/prac-bob")) {
                thread = item.path("id").asText();
            }
        }
        assertThat(thread).as("alice's demo thread with dr-bob").isNotNull();

        try (Connection db = Suite.db("message")) {
            long lastId = count(db, "select coalesce(max(id), 0) from content_access");
            Instant start = Instant.now().minusSeconds(1);

            // alice, the thread's patient, reads it: the content (the bodies) leaves, one row names her
            JsonNode read = json(ok(raw("GET", "/api/v1/threads/" + thread, alice, Map.of(), null)).body());
            assertThat(read.path("messages").size()).isPositive();
            assertThat(read.path("messages").get(0).path("body").asText()).isNotBlank();
            assertThat(since(db, lastId)).containsExactly(
                    new Access(thread, "Patient/pat-alice", "GET /api/v1/threads/{id}"));

            // dr-bob, its clinician, reads one page of it: one more row, naming him
            long afterAlice = count(db, "select max(id) from content_access");
            ok(raw("GET", "/api/v1/threads/" + thread + "?offset=0&limit=1", bob, Map.of(), null));
            assertThat(since(db, afterAlice)).containsExactly(
                    new Access(thread, "Practitioner/prac-bob", "GET /api/v1/threads/{id}"));

            // ben is not a participant: 404 and no row; ops see metadata only: no text, no row
            long afterBob = count(db, "select max(id) from content_access");
            assertThat(raw("GET", "/api/v1/threads/" + thread, ben, Map.of(), null).statusCode()).isEqualTo(404);
            JsonNode metadata = json(ok(raw("GET", "/api/v1/threads/" + thread, ops, Map.of(), null)).body());
            assertThat(metadata.findValues("body")).isEmpty();
            assertThat(since(db, afterBob)).isEmpty();

            // the rows' times lie within this test
            assertThat(count(db, "select count(*) from content_access where id > ? and accessed_at >= ?",
                    lastId, java.sql.Timestamp.from(start))).isEqualTo(2);
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        // the body only for an error: a 2xx body holds message text
        assertThat(response.statusCode()).as(response.request().uri() + (response.statusCode() >= 400
                ? ": " + response.body() : "")).isEqualTo(200);
        return response;
    }

    /** The rows after {@code id}, oldest first. */
    private static List<Access> since(Connection db, long id) throws Exception {
        List<Access> rows = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("select thread_id::text, reader_ref, purpose"
                + " from content_access where id > ? order by id")) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Access(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return rows;
    }
}
