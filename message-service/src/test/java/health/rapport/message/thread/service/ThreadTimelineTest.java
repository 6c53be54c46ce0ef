package health.rapport.message.thread.service;

import static health.rapport.events.MessageKind.PATIENT_FOLLOW_UP;
import static health.rapport.events.MessageKind.PATIENT_INITIATED;
import static health.rapport.events.MessageKind.PROVIDER_FOLLOW_UP;
import static health.rapport.events.MessageKind.PROVIDER_INITIATED;
import static health.rapport.events.MessageKind.PROVIDER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.events.MessageKind;
import health.rapport.events.ParticipantRole;
import health.rapport.message.thread.service.ThreadTimeline.Classification;
import health.rapport.message.thread.service.ThreadTimeline.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ThreadTimelineTest {

    private static final Instant T0 = Instant.parse("2025-03-04T14:00:00Z");

    @Test
    void patientStartsClinicianAnswersThenFollowsUp() {
        Entry question = patient(0);
        Entry answer = clinician(3_600);
        Entry extra = clinician(3_700);
        Map<UUID, Classification> result = ThreadTimeline.classify(List.of(question, answer, extra));
        assertThat(kinds(result, question, answer, extra))
                .containsExactly(PATIENT_INITIATED, PROVIDER_RESPONSE, PROVIDER_FOLLOW_UP);
        assertThat(result.get(answer.id()).latencySeconds()).isEqualTo(3_600L);
        assertThat(result.get(answer.id()).answered()).containsExactly(question.id());
        assertThat(result.get(question.id()).answeredBy()).isEqualTo(answer.id());
        assertThat(result.get(extra.id()).latencySeconds()).isNull();
    }

    @Test
    void clinicianStartsPatientFollowsUpAndTheResponseAnswersEveryWaitingMessageFromTheOldest() {
        Entry outreach = clinician(0);
        Entry first = patient(100);
        Entry second = patient(500);
        Entry reply = clinician(1_100);
        Map<UUID, Classification> result = ThreadTimeline.classify(List.of(outreach, first, second, reply));
        assertThat(kinds(result, outreach, first, second, reply))
                .containsExactly(PROVIDER_INITIATED, PATIENT_FOLLOW_UP, PATIENT_FOLLOW_UP, PROVIDER_RESPONSE);
        assertThat(result.get(reply.id()).latencySeconds()).isEqualTo(1_000L);
        assertThat(result.get(reply.id()).answered()).containsExactly(first.id(), second.id());
        assertThat(result.get(outreach.id()).answeredBy()).isNull();
    }

    @Test
    void historyArrivingInAnyOrderIsClassifiedInTimeOrder() {
        List<Entry> history = List.of(patient(0), clinician(60), patient(7_200), patient(7_300), clinician(90_000),
                clinician(90_100), patient(200_000));
        Map<UUID, Classification> inOrder = ThreadTimeline.classify(history);
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<Entry> shuffled = new ArrayList<>(history);
            Collections.shuffle(shuffled, random);
            assertThat(ThreadTimeline.classify(shuffled)).isEqualTo(inOrder);
        }
        assertThat(history.stream().map(e -> inOrder.get(e.id()).kind()).toList()).containsExactly(PATIENT_INITIATED,
                PROVIDER_RESPONSE, PATIENT_FOLLOW_UP, PATIENT_FOLLOW_UP, PROVIDER_RESPONSE, PROVIDER_FOLLOW_UP,
                PATIENT_FOLLOW_UP);
        assertThat(inOrder.get(history.get(4).id()).latencySeconds()).isEqualTo(90_000L - 7_200L);
        assertThat(inOrder.get(history.get(6).id()).answeredBy()).isNull();
    }

    @Test
    void anEarlierMessageArrivingLateTakesOverTheStartOfTheThread() {
        Entry late = clinician(500);
        Entry early = patient(0);
        assertThat(ThreadTimeline.classify(List.of(late)).get(late.id()).kind()).isEqualTo(PROVIDER_INITIATED);
        Map<UUID, Classification> both = ThreadTimeline.classify(List.of(late, early));
        assertThat(kinds(both, early, late)).containsExactly(PATIENT_INITIATED, PROVIDER_RESPONSE);
    }

    @Test
    void retractedMessagesTakeNoPart() {
        Entry question = patient(0);
        Entry answer = new Entry(UUID.randomUUID(), ParticipantRole.CLINICIAN, T0.plusSeconds(60), true);
        Entry later = clinician(120);
        Map<UUID, Classification> result = ThreadTimeline.classify(List.of(question, answer, later));
        assertThat(result).doesNotContainKey(answer.id());
        assertThat(result.get(later.id()).kind()).isEqualTo(PROVIDER_RESPONSE);
        assertThat(result.get(later.id()).latencySeconds()).isEqualTo(120L);
    }

    @Test
    void appendingFromTheWaitingMessagesAloneAgreesWithReplayingTheWholeThread() {
        Random random = new Random(7);
        int responses = 0;
        for (int round = 0; round < 200; round++) {
            List<Entry> thread = new ArrayList<>();
            long seconds = 0;
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                seconds += 1 + random.nextInt(100_000);
                Entry next = new Entry(UUID.randomUUID(), random.nextBoolean() ? ParticipantRole.PATIENT
                        : ParticipantRole.CLINICIAN, T0.plusSeconds(seconds), random.nextInt(8) == 0);
                Map<UUID, Classification> before = ThreadTimeline.classify(thread);
                List<Entry> waiting = thread.stream()
                        .filter(e -> !e.retracted() && e.senderRole() == ParticipantRole.PATIENT
                                && before.get(e.id()).answeredBy() == null)
                        .toList();
                boolean hasVisible = thread.stream().anyMatch(e -> !e.retracted());
                thread.add(next);
                if (next.retracted()) {
                    continue;
                }
                Classification whole = ThreadTimeline.classify(thread).get(next.id());
                Classification appended = ThreadTimeline.append(hasVisible, waiting, next);
                assertThat(appended).as("message %d of round %d", i, round).isEqualTo(whole);
                responses += whole.kind() == PROVIDER_RESPONSE ? 1 : 0;
            }
        }
        assertThat(responses).as("the rounds exercise responses").isGreaterThan(100);
    }

    private static List<MessageKind> kinds(Map<UUID, Classification> result, Entry... entries) {
        return java.util.Arrays.stream(entries).map(e -> result.get(e.id()).kind()).toList();
    }

    private static Entry patient(long seconds) {
        return new Entry(UUID.randomUUID(), ParticipantRole.PATIENT, T0.plusSeconds(seconds), false);
    }

    private static Entry clinician(long seconds) {
        return new Entry(UUID.randomUUID(), ParticipantRole.CLINICIAN, T0.plusSeconds(seconds), false);
    }
}
