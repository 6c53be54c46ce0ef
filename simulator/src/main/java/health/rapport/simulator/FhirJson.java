package health.rapport.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Renders generated events as FHIR R4 JSON, one resource per line, fitting the subset schemas of the events
 * module ({@code fhir-communication.r4.schema.json}, {@code fhir-encounter.r4.schema.json}).
 *
 * <p>How a thread is identified: every Communication of a thread, its first included, has
 * {@code partOf[0] = {"reference": "Communication/<threadId>", "identifier": {"system": "urn:rapport:thread",
 * "value": "<threadId>"}}}, the pattern of the events module's samples (a thread-level Communication the messages
 * are part of). A thread's first message is the first Communication seen with its thread id. Replies carry
 * {@code inResponseTo} (literal references to the Communications they answer). The thread's category is
 * {@code category[0].coding[0]} with system {@code urn:rapport:thread-category} and message-service's category
 * codes; its subject is {@code topic.text}. Every resource is tagged as test data ({@code meta.tag} v3-ActReason
 * {@code HTEST}, {@code meta.source} {@code #rapport-simulator}).
 *
 * <p>Times are clinic-local with their offset and whole seconds ({@code 2025-03-04T09:59:59-05:00}).
 */
public final class FhirJson {

    public static final String THREAD_SYSTEM = "urn:rapport:thread";
    public static final String CATEGORY_SYSTEM = "urn:rapport:thread-category";
    private static final String META = "{\"source\":\"#rapport-simulator\",\"tag\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"HTEST\"}]}";

    private final Population population;
    private final ZoneRules rules;
    /** Each person's reference object, rendered once on first use. */
    private final String[] patientReferences;
    private final String[] practitionerReferences;

    public FhirJson(Population population) {
        this.population = population;
        this.rules = population.scenario().zone().getRules();
        this.patientReferences = new String[population.patients().size()];
        this.practitionerReferences = new String[population.clinicians().size()];
    }

    public String render(SimEvent event) {
        StringBuilder out = new StringBuilder(1024);
        render(event, out);
        return out.toString();
    }

    /** Appends the resource's JSON (no line break). */
    public void render(SimEvent event, StringBuilder out) {
        if (event instanceof SimMessage message) {
            communication(message, out);
        } else {
            encounter((SimEncounter) event, out);
        }
    }

    public void communication(SimMessage m, StringBuilder out) {
        Population.Patient patient = population.patient(m.patientIndex());
        Population.Clinician clinician = population.clinician(m.clinicianIndex());
        Json json = new Json(out);
        json.begin().field("resourceType", "Communication").field("id", m.id());
        json.name("meta").raw(META);
        json.name("partOf").beginArray().begin()
                .field("reference", "Communication/" + m.threadId())
                .name("identifier").begin().field("system", THREAD_SYSTEM).field("value", m.threadId()).end()
                .end().endArray();
        if (!m.inResponseTo().isEmpty()) {
            json.name("inResponseTo").beginArray();
            for (String id : m.inResponseTo()) {
                json.begin().field("reference", "Communication/" + id).end();
            }
            json.endArray();
        }
        json.field("status", "completed");
        json.name("category").beginArray().begin().name("coding").beginArray().begin()
                .field("system", CATEGORY_SYSTEM).field("code", m.category()).end().endArray().end().endArray();
        json.field("priority", m.priority());
        json.name("subject");
        patientReference(json, patient);
        json.name("topic").begin().field("text", m.subject()).end();
        json.name("sent");
        json.value(dateTime(m.sent().getEpochSecond()));
        json.name("recipient").beginArray();
        if (m.fromPatient()) {
            practitionerReference(json, clinician);
        } else {
            patientReference(json, patient);
        }
        json.endArray();
        json.name("sender");
        if (m.fromPatient()) {
            patientReference(json, patient);
        } else {
            practitionerReference(json, clinician);
        }
        json.name("payload").beginArray().begin().field("contentString", m.text()).end().endArray();
        json.end();
    }

    public void encounter(SimEncounter e, StringBuilder out) {
        Population.Patient patient = population.patient(e.patientIndex());
        Population.Clinician clinician = population.clinician(e.clinicianIndex());
        boolean virtual = "VR".equals(e.classCode());
        String start = dateTime(e.start().getEpochSecond());
        String end = dateTime(e.end().getEpochSecond());
        Json json = new Json(out);
        json.begin().field("resourceType", "Encounter").field("id", e.id());
        json.name("meta").raw(META);
        json.field("status", "finished");
        json.name("class").begin().field("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .field("code", e.classCode()).field("display", virtual ? "virtual" : "ambulatory").end();
        json.name("subject");
        patientReference(json, patient);
        json.name("participant").beginArray().begin();
        json.name("type").beginArray().begin().name("coding").beginArray().begin()
                .field("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType")
                .field("code", "ATND").field("display", "attender").end().endArray().end().endArray();
        json.name("period").begin().field("start", start).field("end", end).end();
        json.name("individual");
        practitionerReference(json, clinician);
        json.end().endArray();
        json.name("period").begin().field("start", start).field("end", end).end();
        json.end();
    }

    private void patientReference(Json json, Population.Patient patient) {
        String reference = patientReferences[patient.index()];
        if (reference == null) {
            StringBuilder out = new StringBuilder(80);
            new Json(out).begin().field("reference", "Patient/" + patient.id()).field("display", patient.display())
                    .end();
            reference = out.toString();
            patientReferences[patient.index()] = reference;
        }
        json.raw(reference);
    }

    private void practitionerReference(Json json, Population.Clinician clinician) {
        String reference = practitionerReferences[clinician.index()];
        if (reference == null) {
            StringBuilder out = new StringBuilder(80);
            new Json(out).begin().field("reference", "Practitioner/" + clinician.id())
                    .field("display", clinician.display()).end();
            reference = out.toString();
            practitionerReferences[clinician.index()] = reference;
        }
        json.raw(reference);
    }

    /** FHIR dateTime in the clinic's zone, whole seconds, with the offset ({@code Z} for UTC). */
    public String dateTime(long epochSecond) {
        int offset = rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return format(epochSecond, offset);
    }

    static String format(long epochSecond, int offsetSeconds) {
        long local = epochSecond + offsetSeconds;
        long day = Math.floorDiv(local, 86_400L);
        int secondOfDay = (int) Math.floorMod(local, 86_400L);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        StringBuilder out = new StringBuilder(25);
        int year = date.getYear();
        if (year < 1000 || year > 9999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        out.append(year).append('-');
        two(out, date.getMonthValue());
        out.append('-');
        two(out, date.getDayOfMonth());
        out.append('T');
        two(out, secondOfDay / 3600);
        out.append(':');
        two(out, secondOfDay / 60 % 60);
        out.append(':');
        two(out, secondOfDay % 60);
        if (offsetSeconds == 0) {
            out.append('Z');
        } else {
            int abs = Math.abs(offsetSeconds);
            out.append(offsetSeconds < 0 ? '-' : '+');
            two(out, abs / 3600);
            out.append(':');
            two(out, abs / 60 % 60);
        }
        return out.toString();
    }

    private static void two(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    /** The zone the times are written in. */
    public ZoneId zone() {
        return population.scenario().zone();
    }
}
