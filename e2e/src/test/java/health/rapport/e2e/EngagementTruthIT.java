package health.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.events.MessageKind;
import health.rapport.events.Topics;
import health.rapport.simulator.ClinicianTruth;
import health.rapport.simulator.KafkaSink;
import health.rapport.simulator.Population;
import health.rapport.simulator.Scenario;
import health.rapport.simulator.SimEvent;
import health.rapport.simulator.SimMessage;
import health.rapport.simulator.Simulator;
import health.rapport.simulator.Sink;
import health.rapport.simulator.Truth;
import health.rapport.simulator.check.MessageTableTruth;
import health.rapport.simulator.check.TruthCheck;
import health.rapport.stack.PostgresComponent;
import health.rapport.stack.StackSettings;
import health.rapport.stack.StackSettings.Port;
import health.rapport.stack.Tokens;
import health.rapport.testsupport.KafkaTopics;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The truth check over the whole stack: an EHR publishes a generated history (the simulator's {@code tiny}
 * preset, ending four days ago), message-service ingests it, engagement-service counts it, and for every clinician
 * the figures engagement-service serves through the gateway equal the counters recomputed from message-service's
 * tables ({@link MessageTableTruth}, 0 differences) and the simulator's own truth.
 */
@ExtendWith(LocalStackExtension.class)
class EngagementTruthIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyClinicianOfAnEhrHistoryGetsTheCountersTheTruthGives() throws Exception {
        StackSettings settings = LocalStackExtension.stack().settings();
        Scenario scenario = Scenario.tiny().withSeed(20_261_201L)
                .withStart(LocalDate.now(Scenario.DEFAULT_ZONE).minusDays(25));
        Simulator.Result generated;
        try (KafkaSink sink = KafkaSink.connect(settings.kafkaBootstrap())) {
            // every message text the EHR publishes is registered for the log scan after the suite (the subjects are
            // left out: twenty stock phrases such as "Test results", not distinctive enough to scan for)
            generated = Simulator.run(scenario, new Sink() {
                @Override
                public void open(Population population) throws IOException {
                    sink.open(population);
                }

                @Override
                public void accept(SimEvent event) throws IOException {
                    if (event instanceof SimMessage message && message.text().strip().length() >= PhiLogScan.ANCHOR) {
                        PhiTexts.register(message.text());
                    }
                    sink.accept(event);
                }

                @Override
                public void finish(Truth truth) throws IOException {
                    sink.finish(truth);
                }
            });
        }
        long messages = generated.messages();
        assertThat(messages).isGreaterThan(100);

        PostgresComponent postgres = new PostgresComponent(settings);
        try (Connection db = postgres.connect("message")) {
            String prefix = scenario.idPrefix() + "%";
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    count(db, "select count(*) from message where fhir_id like ?", prefix) == messages
                            && count(db, "select count(*) from outbox_event", null) == 0);
        }
        KafkaTopics.awaitConsumed(settings.kafkaBootstrap(), "engagement-service", Topics.MESSAGE_EVENTS,
                Duration.ofMinutes(2));

        String ops = Tokens.password(settings.issuer(), "olga", Tokens.DEMO_PASSWORD);
        LocalDate to = LocalDate.now(Scenario.DEFAULT_ZONE);
        LocalDate from = to.minusDays(29);
        MessageTableTruth.Rules rules = new MessageTableTruth.Rules(scenario.calendar(), 3, 3, Duration.ofDays(30));
        List<String> differences = new ArrayList<>();
        long personalAgreeing = 0;
        long responses = 0;
        try (Connection db = postgres.connect("message")) {
            for (ClinicianTruth simulated : generated.truth().clinicians()) {
                String clinician = simulated.clinicianId();
                JsonNode served = JSON.readTree(given().baseUri(settings.url(Port.GATEWAY)).auth().oauth2(ops)
                        .queryParam("window", "30d")
                        .when().get("/api/v1/engagement/providers/{id}", clinician)
                        .then().statusCode(200).extract().asString());
                MessageTableTruth.Counters truth = MessageTableTruth.compute(db, clinician, from, to, Instant.now(), rules);
                TruthCheck.differences(truth, served).forEach(d -> differences.add(clinician + " " + d));

                // The simulator's truth, computed from its plan without either service.
                for (MessageKind kind : MessageKind.values()) {
                    agree(differences, clinician, "simulator counts." + kind, simulated.count(kind),
                            served.path("counts").path(kind.name()).asLong());
                }
                agree(differences, clinician, "simulator answeredWithinTarget", simulated.answeredWithinTarget(),
                        served.path("replies").path("answeredWithinTarget").asLong());
                agree(differences, clinician, "simulator patientsMessaged", simulated.patientsMessaged(),
                        served.path("patients").path("messaged").asLong());
                agree(differences, clinician, "simulator patientsInitiating", simulated.patientsInitiating(),
                        served.path("patients").path("initiated").asLong());
                agree(differences, clinician, "simulator backlog", simulated.backlogUnanswered(),
                        served.path("backlog").path("unanswered").asLong());
                responses += simulated.responses();
                personalAgreeing += Math.min(simulated.responsesPersonal(),
                        served.path("personalReplies").path("personal").asLong());
            }
        }
        System.out.printf("truth check: %d clinicians, %d messages, %d differences; personal replies as planted"
                        + " vs by fingerprint: %d of %d responses agree%n", generated.truth().clinicians().size(),
                messages, differences.size(), personalAgreeing, responses);
        assertThat(differences).isEmpty();
    }

    private static void agree(List<String> differences, String clinician, String field, long truth, long served) {
        if (truth != served) {
            differences.add(clinician + " " + field + ": truth " + truth + ", served " + served);
        }
    }

    private static long count(Connection db, String sql, String arg) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            if (arg != null) {
                statement.setString(1, arg);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
