package health.rapport.notification.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.Topics;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.notification.support.NudgeTesting;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.PackagedService;
import health.rapport.testsupport.TestTokens;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The burst benchmark (not part of the normal build; {@code notification-service/bench/run-burst} runs it): a burst
 * of {@code rapport.bench.alerts} (10,000) reply-overdue alerts for {@code rapport.bench.clinicians} (1,000)
 * clinicians into the packaged service, over its own Kafka and PostgreSQL, GreenMail and the Keycloak subset.
 * Reports decisions per second (alerts consumed and decided, from the first send until the last is in
 * {@code processed_event}) and, per clinician, the time from the burst's start to their first e-mail received
 * (polled every 0.5 s). The policy is the tests' (24 h cooldown between digests) without quiet hours, every day a
 * working day.
 */
@EnabledIfSystemProperty(named = "rapport.bench", matches = "true")
class NudgeBurstBenchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void burst() throws Exception {
        int alerts = Integer.getInteger("rapport.bench.alerts", 10_000);
        int clinicianCount = Integer.getInteger("rapport.bench.clinicians", 1_000);
        NotificationTestResources world = new NotificationTestResources();
        Map<String, String> settings = new HashMap<>(world.start());
        settings.put("rapport.notification.delivery.interval", "1s");
        settings.put("rapport.notification.delivery.delay", "1s");
        settings.put("quarkus.log.category.\"health.rapport.notification\".level", "WARN");
        try (PackagedService stack = PackagedService.prepare(settings)) {
            stack.startService();
            Map<String, Object> policy = NudgeTesting.policy();
            policy.put("quietStart", "00:00");
            policy.put("quietEnd", "00:00");
            policy.put("workingDays", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
                    "SUNDAY"));
            policy.put("weeklyCap", 100);
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl()
                            + "/api/v1/nudge-policy")).header("Authorization", "Bearer " + TestTokens.ops("olga"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(policy))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

            List<String> clinicians = new ArrayList<>();
            for (int c = 0; c < clinicianCount; c++) {
                String clinician = "prac-bench-" + c + "-" + UUID.randomUUID().toString().substring(0, 8);
                clinicians.add(clinician);
                NotificationTestResources.addClinician(clinician, clinician + "@clinic.test", "UTC", null, "EMAIL", null);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<String[]> records = new ArrayList<>();
            for (int i = 0; i < alerts; i++) {
                String clinician = clinicians.get(i % clinicianCount);
                records.add(new String[] {clinician, EventCodec.toJson(CloudEvent.of("/bench", now, new ReplyOverdue(
                        clinician, "thr-" + UUID.randomUUID(), "msg-" + UUID.randomUUID(),
                        now.minus(Duration.ofDays(4)), now.minus(Duration.ofDays(1)), now)))});
            }
            Collections.shuffle(records, new java.util.Random(3));

            long start = System.nanoTime();
            KafkaTopics.send(stack.bootstrapServers(), Topics.ENGAGEMENT_EVENTS, records);
            double sentSeconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> firstMail = new HashMap<>();
            double decidedSeconds = -1;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres")) {
                while (System.nanoTime() < deadline && (decidedSeconds < 0 || firstMail.size() < clinicianCount)) {
                    double at = (System.nanoTime() - start) / 1e9;
                    if (decidedSeconds < 0 && count(db, "select count(*) from processed_event where consumer ="
                            + " 'notification-service/engagement-events'") >= alerts) {
                        decidedSeconds = at;
                    }
                    if (firstMail.size() < clinicianCount) {
                        java.util.Set<String> reached = NotificationTestResources.recipients();
                        for (String clinician : clinicians) {
                            if (!firstMail.containsKey(clinician) && reached.contains(clinician + "@clinic.test")) {
                                firstMail.put(clinician, at);
                            }
                        }
                    }
                    Thread.sleep(500);
                }
                long nudges = count(db, "select count(*) from nudge");
                long mails = count(db, "select count(*) from nudge_delivery where status = 'DELIVERED'");
                List<Double> latencies = new ArrayList<>(firstMail.values());
                Collections.sort(latencies);
                System.out.printf("BENCH alerts=%d clinicians=%d send=%.1fs decided=%.1fs decisions/s=%.0f nudges=%d"
                                + " mails=%d first-mail p50=%.1fs p95=%.1fs max=%.1fs (%d of %d clinicians)%n",
                        alerts, clinicianCount, sentSeconds, decidedSeconds, alerts / decidedSeconds, nudges, mails,
                        pct(latencies, 0.5), pct(latencies, 0.95), pct(latencies, 1.0), latencies.size(),
                        clinicianCount);
                assertThat(decidedSeconds).as("every alert decided within 15 minutes").isPositive();
                assertThat(firstMail).hasSize(clinicianCount);
            }
        } finally {
            world.stop();
        }
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private static long count(Connection db, String sql) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
