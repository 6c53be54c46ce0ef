package health.rapport.notification.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.Topics;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.notification.support.NudgeTesting;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.PackagedService;
import health.rapport.testsupport.TestTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed with SIGKILL while nudges are decided and mailed, then started again: every nudge is
 * decided once and mailed; only a delivery that was in flight at the kill (leased, not yet recorded) may be mailed
 * twice, which is the documented at-least-once edge of SMTP.
 */
class NudgeRecoveryIT {

    private static final int CLINICIANS = 150;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static NotificationTestResources world;
    private static PackagedService stack;

    @BeforeAll
    static void start() {
        world = new NotificationTestResources();
        Map<String, String> settings = new HashMap<>(world.start());
        settings.put("rapport.notification.delivery.interval", "1s");
        settings.put("rapport.notification.delivery.delay", "1s");
        settings.put("rapport.notification.delivery.lease", "PT5S");
        // A killed consumer leaves the group after its session times out: 6 s instead of 45.
        settings.put("mp.messaging.incoming.engagement-events.session.timeout.ms", "6000");
        settings.put("mp.messaging.incoming.engagement-events.heartbeat.interval.ms", "2000");
        stack = PackagedService.prepare(settings);
        stack.startService();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (world != null) {
            world.stop();
        }
    }

    @Test
    void killedBetweenDecidedAndSentNothingIsLostAndOnlyAnInFlightMailCanRepeat() throws Exception {
        // Any day, any hour: no quiet hours, every day a working day, no cooldown, no cap in the way.
        Map<String, Object> policy = NudgeTesting.policy();
        policy.put("quietStart", "00:00");
        policy.put("quietEnd", "00:00");
        policy.put("workingDays", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"));
        policy.put("weeklyCap", 100);
        policy.put("maxAttempts", 10);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/v1/nudge-policy"))
                .header("Authorization", "Bearer " + TestTokens.ops("olga")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(policy))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> clinicians = new ArrayList<>();
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < CLINICIANS; i++) {
            String clinician = "prac-rec-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            clinicians.add(clinician);
            NotificationTestResources.addClinician(clinician, clinician + "@clinic.test", "UTC", null, "EMAIL", null);
            String event = EventCodec.toJson(CloudEvent.of("/test", now, new ReplyOverdue(clinician,
                    "thr-" + UUID.randomUUID(), "msg-" + UUID.randomUUID(), now.minus(Duration.ofDays(4)),
                    now.minus(Duration.ofDays(1)), now)));
            records.add(new String[] {clinician, event});
            records.add(new String[] {clinician, event}); // a redelivery
        }
        KafkaTopics.send(stack.bootstrapServers(), Topics.ENGAGEMENT_EVENTS, records);

        long decidedAtKill;
        long deliveredAtKill;
        long inFlightAtKill;
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres")) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> count(db, "select count(*) from nudge_delivery where status = 'DELIVERED'") > 0);
            stack.killService();
            decidedAtKill = count(db, "select count(*) from nudge");
            deliveredAtKill = count(db, "select count(*) from nudge_delivery where status = 'DELIVERED'");
            inFlightAtKill = count(db, "select count(*) from nudge_delivery where status = 'SENDING'");
            System.out.printf("killed with %d of %d nudges decided, %d mailed, %d in flight%n", decidedAtKill,
                    CLINICIANS, deliveredAtKill, inFlightAtKill);
            assertThat(deliveredAtKill).as("killed before everything was sent").isLessThan(CLINICIANS);

            stack.startService();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
                    count(db, "select count(*) from nudge_delivery where status = 'DELIVERED'") == CLINICIANS);
            assertThat(count(db, "select count(*) from nudge")).isEqualTo(CLINICIANS);
            assertThat(count(db, "select count(*) from (select clinician_id from nudge group by clinician_id"
                    + " having count(*) > 1) repeated")).isZero();
            assertThat(count(db, "select count(*) from nudge where status <> 'DELIVERED' or item_count <> 1")).isZero();
        }
        int extra = 0;
        for (String clinician : clinicians) {
            int mails = NotificationTestResources.mailTo(clinician + "@clinic.test").size();
            assertThat(mails).as("mails to " + clinician).isBetween(1, 2);
            extra += mails - 1;
        }
        assertThat(extra).as("repeated mails: only deliveries in flight at the kill").isLessThanOrEqualTo((int) inFlightAtKill);
    }

    private static long count(Connection db, String sql) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
