package health.rapport.simulator;

import java.time.Instant;

/** One generated record, in time order: a message (FHIR Communication) or an encounter (FHIR Encounter). */
public sealed interface SimEvent permits SimMessage, SimEncounter {

    /** The resource's FHIR logical id. */
    String id();

    /** When it happens: a message's {@code sent}, an encounter's end. Events come in order of this time. */
    Instant time();

    /** The patient's index in the population; the patient's id is the Kafka key. */
    int patientIndex();

    String patientId();
}
