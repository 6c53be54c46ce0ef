package health.rapport.simulator;

import health.rapport.events.TextFingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.rapport.events.MessageKind;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The truth file agrees with the resources: this test re-derives every clinician's counters from the NDJSON
 * alone, with its own thread state, its own business-day arithmetic (plain java.time) and message-service's rules,
 * and compares them with truth.ndjson.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TruthConsistencyTest {

    static final Scenario SCENARIO = Scenario.tiny().withName("consistency").withSeed(17).withClinicians(16)
            .withPatients(500).withDays(60);

    Map<String, Derived> derived = new TreeMap<>();
    Map<String, JsonNode> truth = new TreeMap<>();
    List<String> truthOrder = new ArrayList<>();
    JsonNode summary;
    long messages;

    /** What the test works out for one clinician. */
    static final class Derived {
        final Map<MessageKind, Long> counts = new EnumMap<>(MessageKind.class);
        final List<Long> latencies = new ArrayList<>();
        final List<Long> responseFingerprints = new ArrayList<>();
        final Set<String> messaged = new HashSet<>();
        final Set<String> initiating = new HashSet<>();
        long patientMessages;
        long judged;
        long within;
        long backlog;
        long overdue;
        long oldest = Long.MAX_VALUE;
        long encounters;
    }

    static final class ThreadState {
        final String clinician;
        final List<Long> unansweredSent = new ArrayList<>();
        final List<String> unansweredIds = new ArrayList<>();

        ThreadState(String clinician) {
            this.clinician = clinician;
        }
    }

    /** Due: three business days later at the same clock time; from a weekend, from Monday 00:00. */
    static long due(long sent, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochSecond(sent).atZone(zone);
        if (t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
            LocalDate monday = t.toLocalDate().plusDays(t.getDayOfWeek() == DayOfWeek.SATURDAY ? 2 : 1);
            t = monday.atStartOfDay(zone);
        }
        LocalDate date = t.toLocalDate();
        int added = 0;
        while (added < 3) {
            date = date.plusDays(1);
            if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return date.atTime(t.toLocalTime()).atZone(zone).toEpochSecond();
    }

    Derived of(String clinician) {
        return derived.computeIfAbsent(clinician, k -> new Derived());
    }

    @BeforeAll
    void generateAndDerive(@TempDir Path folder) {
        TestRuns.toFolder(SCENARIO, folder);
        ZoneId zone = SCENARIO.zone();
        long end = SCENARIO.endEpochSecond();
        Map<String, ThreadState> threads = new HashMap<>();
        for (JsonNode c : TestRuns.readNdjson(folder.resolve(NdjsonSink.COMMUNICATIONS))) {
            messages++;
            String thread = c.path("partOf").get(0).path("identifier").path("value").asText();
            String sender = c.path("sender").path("reference").asText();
            String recipient = c.path("recipient").get(0).path("reference").asText();
            boolean patient = sender.startsWith("Patient/");
            String clinician = (patient ? recipient : sender).substring("Practitioner/".length());
            String patientId = c.path("subject").path("reference").asText().substring("Patient/".length());
            long sent = OffsetDateTime.parse(c.path("sent").asText()).toEpochSecond();
            Derived d = of(clinician);
            ThreadState state = threads.get(thread);
            MessageKind kind;
            if (state == null) {
                state = new ThreadState(clinician);
                threads.put(thread, state);
                kind = patient ? MessageKind.PATIENT_INITIATED : MessageKind.PROVIDER_INITIATED;
            } else if (patient) {
                kind = MessageKind.PATIENT_FOLLOW_UP;
            } else {
                kind = state.unansweredSent.isEmpty() ? MessageKind.PROVIDER_FOLLOW_UP : MessageKind.PROVIDER_RESPONSE;
            }
            assertThat(state.clinician).isEqualTo(clinician);
            d.counts.merge(kind, 1L, Long::sum);
            if (patient) {
                d.patientMessages++;
                state.unansweredSent.add(sent);
                state.unansweredIds.add(c.path("id").asText());
                if (kind == MessageKind.PATIENT_INITIATED) {
                    d.initiating.add(patientId);
                }
                continue;
            }
            d.messaged.add(patientId);
            if (kind == MessageKind.PROVIDER_RESPONSE) {
                List<String> answers = new ArrayList<>();
                c.path("inResponseTo").forEach(r -> answers.add(TestRuns.idOf(r)));
                assertThat(answers).as("a response answers every unanswered message").isEqualTo(state.unansweredIds);
                d.latencies.add(sent - state.unansweredSent.get(0));
                d.responseFingerprints.add(TextFingerprint.of(c.path("payload").get(0).path("contentString").asText()));
                for (long u : state.unansweredSent) {
                    d.judged++;
                    if (sent <= due(u, zone)) {
                        d.within++;
                    }
                }
                state.unansweredSent.clear();
                state.unansweredIds.clear();
            }
        }
        for (ThreadState state : threads.values()) {
            Derived d = of(state.clinician);
            for (long u : state.unansweredSent) {
                d.backlog++;
                d.oldest = Math.min(d.oldest, u);
                if (due(u, zone) <= end) {
                    d.judged++;
                    d.overdue++;
                }
            }
        }
        for (JsonNode e : TestRuns.readNdjson(folder.resolve(NdjsonSink.ENCOUNTERS))) {
            of(TestRuns.idOf(e.path("participant").get(0).path("individual"))).encounters++;
        }
        for (JsonNode line : TestRuns.readNdjson(folder.resolve(NdjsonSink.TRUTH))) {
            truth.put(line.path("clinicianId").asText(), line);
            truthOrder.add(line.path("clinicianId").asText());
        }
        summary = TestRuns.readNdjson(folder.resolve(NdjsonSink.SUMMARY)).get(0);
    }

    static long nearestRank(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) (((long) percent * sorted.size() + 99) / 100); // ceil, in integers
        return sorted.get(Math.max(1, rank) - 1);
    }

    @Test
    void oneLinePerClinicianInIdOrder() {
        assertThat(truthOrder).hasSize(SCENARIO.clinicians()).isSorted().doesNotHaveDuplicates();
        assertThat(truth.keySet()).containsAll(derived.keySet());
    }

    @Test
    void kindsCountedAsMessageServiceWould() {
        for (var entry : truth.entrySet()) {
            Derived d = derived.getOrDefault(entry.getKey(), new Derived());
            for (MessageKind kind : MessageKind.values()) {
                assertThat(entry.getValue().path("counts").path(kind.name()).asLong())
                        .as(entry.getKey() + " " + kind).isEqualTo(d.counts.getOrDefault(kind, 0L));
            }
            assertThat(entry.getValue().path("patientMessages").asLong()).isEqualTo(d.patientMessages);
        }
        assertThat(derived.values().stream().mapToLong(d -> d.counts.getOrDefault(MessageKind.PROVIDER_RESPONSE, 0L))
                .sum()).isPositive();
        assertThat(summary.path("totals").path("messages").asLong()).isEqualTo(messages);
    }

    @Test
    void targetsLatenciesAndBacklog() {
        for (var entry : truth.entrySet()) {
            JsonNode t = entry.getValue();
            Derived d = derived.getOrDefault(entry.getKey(), new Derived());
            String who = entry.getKey();
            assertThat(t.path("judged").asLong()).as(who).isEqualTo(d.judged);
            assertThat(t.path("answeredWithinTarget").asLong()).as(who).isEqualTo(d.within);
            assertThat(t.path("backlogUnanswered").asLong()).as(who).isEqualTo(d.backlog);
            assertThat(t.path("backlogOverdue").asLong()).as(who).isEqualTo(d.overdue);
            assertThat(t.path("encounters").asLong()).as(who).isEqualTo(d.encounters);
            if (d.latencies.isEmpty()) {
                assertThat(t.path("latencyMedianSeconds").isNull()).isTrue();
            } else {
                assertThat(t.path("latencyMedianSeconds").asLong()).as(who).isEqualTo(nearestRank(d.latencies, 50));
                assertThat(t.path("latencyP90Seconds").asLong()).as(who).isEqualTo(nearestRank(d.latencies, 90));
            }
            if (d.backlog > 0) {
                assertThat(Instant.parse(t.path("backlogOldestSentAt").asText()).getEpochSecond()).isEqualTo(d.oldest);
                assertThat(t.path("backlogOldestAgeSeconds").asLong())
                        .isEqualTo(SCENARIO.endEpochSecond() - d.oldest);
            }
            if (d.judged > 0) {
                assertThat(t.path("withinTargetShare").asDouble()).isCloseTo(d.within / (double) d.judged,
                        org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }

    /**
     * What engagement-service will see: a response is templated when its SimHash is within distance 3 of another
     * response of the same clinician. Every use of a template reused at least once is found that way, and no
     * personal reply is, so the near-duplicates are the truth's templated count less at most one use of each of
     * the clinician's templates (those used only once).
     */
    @Test
    void templatedResponsesAreTheNearDuplicates() {
        int templates = SCENARIO.model().templatesPerClinician();
        long templatedTotal = 0;
        for (var entry : truth.entrySet()) {
            Derived d = derived.getOrDefault(entry.getKey(), new Derived());
            List<Long> prints = d.responseFingerprints;
            long near = 0;
            for (int i = 0; i < prints.size(); i++) {
                for (int j = 0; j < prints.size(); j++) {
                    if (i != j && TextFingerprint.distance(prints.get(i), prints.get(j)) <= 3) {
                        near++;
                        break;
                    }
                }
            }
            long templated = entry.getValue().path("responsesTemplated").asLong();
            templatedTotal += templated;
            assertThat(near).as(entry.getKey()).isBetween(Math.max(0, templated - templates), templated);
        }
        assertThat(templatedTotal).isGreaterThan(100);
    }

    @Test
    void distinctPatientsAndResponses() {
        for (var entry : truth.entrySet()) {
            JsonNode t = entry.getValue();
            Derived d = derived.getOrDefault(entry.getKey(), new Derived());
            assertThat(t.path("patientsMessaged").asLong()).as(entry.getKey()).isEqualTo(d.messaged.size());
            assertThat(t.path("patientsInitiating").asLong()).as(entry.getKey()).isEqualTo(d.initiating.size());
            assertThat(t.path("responsesTemplated").asLong() + t.path("responsesPersonal").asLong())
                    .isEqualTo(t.path("responses").asLong())
                    .isEqualTo(d.counts.getOrDefault(MessageKind.PROVIDER_RESPONSE, 0L));
            assertThat(t.path("panelSize").asLong()).isPositive();
        }
    }
}
