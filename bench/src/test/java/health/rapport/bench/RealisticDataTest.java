package health.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealisticDataTest {

    @Test
    void theSameSeedGivesTheSameData() {
        assertThat(EventCodec.toJson(new RealisticData(42).messageSent()))
                .isEqualTo(EventCodec.toJson(new RealisticData(42).messageSent()));
        assertThat(new RealisticData(1).body()).isNotEqualTo(new RealisticData(2).body());
    }

    @Test
    void eventsAreValidMessageSentCloudEventsOfRealisticSize() {
        RealisticData data = new RealisticData(42);
        long bytes = 0;
        Map<MessageKind, Integer> kinds = new EnumMap<>(MessageKind.class);
        for (int i = 0; i < 2_000; i++) {
            CloudEvent<MessageSent> event = data.messageSent();
            String json = EventCodec.toJson(event);
            CloudEvent<MessageSent> back = EventCodec.fromJson(json, MessageSent.class);
            assertThat(back.data()).isEqualTo(event.data());
            assertThat(back.subject()).isEqualTo(event.data().clinicianId()).startsWith("pract-");
            if (event.data().kind() == MessageKind.PROVIDER_RESPONSE) {
                assertThat(event.data().answeredMessageIds()).isNotEmpty();
                assertThat(event.data().responseLatencySeconds()).isPositive();
            }
            kinds.merge(event.data().kind(), 1, Integer::sum);
            bytes += json.length();
        }
        assertThat(kinds).hasSize(MessageKind.values().length);
        assertThat(bytes / 2_000).isBetween(600L, 1_000L);
    }

    @Test
    void bodiesHavePortalMessageLengths() {
        RealisticData data = new RealisticData(3);
        long total = 0;
        for (int i = 0; i < 1_000; i++) {
            String body = data.body();
            assertThat(body.length()).isBetween(20, 4_000);
            total += body.length();
        }
        assertThat(total / 1_000).isBetween(300L, 500L);
    }

    @Test
    void clinicianActivityIsSkewedWithoutOneClinicianDominating() {
        RealisticData data = new RealisticData(5);
        int[] counts = new int[RealisticData.CLINICIANS + 1];
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            int rank = data.clinicianRank();
            assertThat(rank).isBetween(1, RealisticData.CLINICIANS);
            counts[rank]++;
        }
        int top = 0;
        for (int rank = 1; rank <= 30; rank++) {
            top += counts[rank];
        }
        // The busiest 1% of clinicians carry several times their share, and no one carries more than 0.5%.
        assertThat(top / (double) draws).isBetween(0.03, 0.10);
        assertThat(java.util.Arrays.stream(counts).max().orElseThrow() / (double) draws).isLessThan(0.005);
        assertThat(java.util.Arrays.stream(counts).skip(1).filter(c -> c == 0).count()).isLessThan(30);
    }
}
