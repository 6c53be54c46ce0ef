package health.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import health.rapport.events.MessageKind;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generated data reproduce their planted parameters: the patient-initiated rate ratio between patients of
 * HIGH and LOW personal-response clinicians, the share of templated replies, the reply-delay median. Measured from
 * the event stream (thread structure, times, texts' origin), not from the generator's counters; one run of a
 * few hundred clinicians over 90 days for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlantedParametersTest {

    static final Scenario SCENARIO = Scenario.tiny().withName("planted").withSeed(7).withClinicians(240)
            .withPatients(6_000).withDays(90);
    /** Replies to messages sent later than this many days before the end may be cut off by the end: left out. */
    static final int CENSOR_DAYS = 30;

    Population population;
    Truth truth;
    final long[] initiatedByLevel = new long[2];
    final long[] patientsByLevel = new long[2];
    final long[] responsesByLevel = new long[2];
    final long[] templatedByLevel = new long[2];
    double expectedTemplated;
    long responses;
    long[] workingDelays = new long[0];
    int delays;
    long clinicianOutsideHours;
    long clinicianMessages;
    long patientMessages;
    long patientDaytime;
    long delayMismatches;

    @BeforeAll
    void run() throws IOException {
        population = Population.generate(SCENARIO);
        for (Population.Patient p : population.patients()) {
            patientsByLevel[population.clinician(p.clinician()).level().ordinal()]++;
        }
        WorkCalendar calendar = SCENARIO.calendar();
        long censor = SCENARIO.endEpochSecond() - CENSOR_DAYS * 86_400L;
        Map<String, Long> sentOfPatientMessage = new HashMap<>();
        workingDelays = new long[1 << 16];
        Sink measuring = event -> {
            if (!(event instanceof SimMessage m)) {
                return;
            }
            Population.Level level = population.clinician(m.clinicianIndex()).level();
            long sent = m.sent().getEpochSecond();
            if (m.fromPatient()) {
                patientMessages++;
                int hour = ZonedDateTime.ofInstant(m.sent(), SCENARIO.zone()).getHour();
                if (hour >= 8 && hour < 22) {
                    patientDaytime++;
                }
                if (m.index() == 1) {
                    initiatedByLevel[level.ordinal()]++;
                }
                sentOfPatientMessage.put(m.id(), sent);
                return;
            }
            clinicianMessages++;
            if (!calendar.isWorkingTime(sent) && !calendar.isWorkingTime(sent - 1)) {
                clinicianOutsideHours++;
            }
            if (m.inResponseTo().isEmpty() || !sentOfPatientMessage.containsKey(m.inResponseTo().get(0))) {
                return; // a clinician's first message or follow-up: not a response
            }
            responses++;
            responsesByLevel[level.ordinal()]++;
            if (m.templated()) {
                templatedByLevel[level.ordinal()]++;
            }
            expectedTemplated += population.clinician(m.clinicianIndex()).templateProbability();
            long oldest = sentOfPatientMessage.get(m.inResponseTo().get(0));
            m.inResponseTo().forEach(sentOfPatientMessage::remove);
            long working = calendar.workingSecondsBetween(oldest, sent);
            if (working != m.workingDelaySeconds()) {
                delayMismatches++;
            }
            if (oldest < censor) {
                if (delays == workingDelays.length) {
                    workingDelays = java.util.Arrays.copyOf(workingDelays, delays * 2);
                }
                workingDelays[delays++] = working;
            }
        };
        long started = System.nanoTime();
        truth = Simulator.run(SCENARIO, measuring).truth();
        System.out.printf("planted: %,d messages in %d ms%n", truth.messages(), (System.nanoTime() - started) / 1_000_000);
    }

    double perPatient(Population.Level level) {
        return initiatedByLevel[level.ordinal()] / (double) patientsByLevel[level.ordinal()];
    }

    @Test
    void theRateRatioIsThePlantedOne() {
        double ratio = perPatient(Population.Level.HIGH) / perPatient(Population.Level.LOW);
        System.out.printf("rate ratio measured %.3f, planted %.1f%n", ratio, SCENARIO.model().rateRatio());
        assertThat(ratio).isCloseTo(SCENARIO.model().rateRatio(), within(0.10 * SCENARIO.model().rateRatio()));
        assertThat(truth.measuredRateRatio()).isCloseTo(ratio, within(1e-9));
        // The LOW level's rate is the model's base rate per patient-day.
        assertThat(perPatient(Population.Level.LOW) / SCENARIO.days())
                .isCloseTo(SCENARIO.model().patientInitiationRate(), within(0.1 * SCENARIO.model().patientInitiationRate()));
    }

    @Test
    void theTemplatedShareIsThePlantedOne() {
        Model model = SCENARIO.model();
        for (Population.Level level : Population.Level.values()) {
            double share = templatedByLevel[level.ordinal()] / (double) responsesByLevel[level.ordinal()];
            System.out.printf("templated share %s measured %.3f, planted %.2f%n", level, share, model.templatedShare(level));
            assertThat(share).as(level.name()).isCloseTo(model.templatedShare(level), within(0.03));
            assertThat(truth.templatedShare(level)).isCloseTo(share, within(1e-9));
        }
        double overall = (templatedByLevel[0] + templatedByLevel[1]) / (double) responses;
        assertThat(overall).isCloseTo(expectedTemplated / responses, within(0.01));
        assertThat(responses).isEqualTo(truth.count(MessageKind.PROVIDER_RESPONSE));
    }

    @Test
    void theReplyDelayMedianIsThePlantedOne() {
        long[] sorted = java.util.Arrays.copyOf(workingDelays, delays);
        java.util.Arrays.sort(sorted);
        double medianMinutes = Stats.nearestRank(sorted, 50) / 60.0;
        double planted = SCENARIO.model().replyDelayMedianMinutes();
        System.out.printf("reply delay median %.1f working minutes over %,d responses, planted %.0f%n", medianMinutes,
                delays, planted);
        assertThat(delays).isGreaterThan(10_000);
        assertThat(medianMinutes).isCloseTo(planted, within(0.12 * planted));
        assertThat(delayMismatches).as("working delays recomputed from the times").isZero();
        // Heavy tail: the 90th percentile is far above the median (log-normal, sigma 1.3: about 5.3x).
        assertThat(Stats.nearestRank(sorted, 90) / 60.0).isGreaterThan(3 * medianMinutes);
    }

    @Test
    void cliniciansWriteInWorkingHoursPatientsMostlyInTheDaytime() {
        assertThat(clinicianMessages).isPositive();
        assertThat(clinicianOutsideHours).isZero();
        assertThat(patientDaytime / (double) patientMessages).isBetween(0.75, 0.97);
    }

    @Test
    void aShareOfPatientMessagesMissesTheTarget() {
        double share = truth.withinTargetShare();
        double planted = truth.clinicians().stream().mapToDouble(c -> c.planted().withinTargetProbability()).average()
                .orElseThrow();
        System.out.printf("within target %.3f (mean planted probability %.3f), unanswered at the end %d%n", share,
                planted, truth.backlog());
        assertThat(share).isBetween(0.6, 0.98);
        assertThat(truth.backlog()).isPositive();
        assertThat(truth.clinicians()).allSatisfy(c -> assertThat(c.planted().withinTargetProbability()).isBetween(0.0, 1.0));
        assertThat(Instant.ofEpochSecond(SCENARIO.endEpochSecond())).isAfter(Instant.ofEpochSecond(SCENARIO.startEpochSecond()));
    }
}
