package health.rapport.events;

import java.util.List;
import java.util.stream.Stream;

/** Names of every Kafka topic Rapport reads or writes. The AsyncAPI document must list exactly these. */
public final class Topics {

    /** Inbound from EHR systems: one FHIR R4 Communication resource (JSON) per record. */
    public static final String EHR_COMMUNICATIONS = "ehr.communications.v1";
    /** Inbound from EHR systems: one FHIR R4 Encounter resource (JSON) per record. */
    public static final String EHR_ENCOUNTERS = "ehr.encounters.v1";
    /** message-service's events, keyed by the responsible clinician's id. */
    public static final String MESSAGE_EVENTS = "rapport.message-events.v1";
    /** engagement-service's tier changes and overdue-reply alerts, keyed by clinician. */
    public static final String ENGAGEMENT_EVENTS = "rapport.engagement-events.v1";
    /** notification-service's nudge lifecycle, keyed by clinician. */
    public static final String NUDGE_EVENTS = "rapport.nudge-events.v1";

    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /** Topics some Rapport service consumes; each has a dead-letter topic. */
    public static final List<String> CONSUMED = List.of(EHR_COMMUNICATIONS, EHR_ENCOUNTERS, MESSAGE_EVENTS, ENGAGEMENT_EVENTS);

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Every topic, dead-letter topics included, in a stable order. */
    public static List<String> all() {
        return Stream.concat(
                Stream.of(EHR_COMMUNICATIONS, EHR_ENCOUNTERS, MESSAGE_EVENTS, ENGAGEMENT_EVENTS, NUDGE_EVENTS),
                CONSUMED.stream().map(Topics::deadLetterOf)).toList();
    }
}
