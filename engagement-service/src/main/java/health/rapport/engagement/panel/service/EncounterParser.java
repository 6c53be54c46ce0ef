package health.rapport.engagement.panel.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import health.rapport.engagement.provider.service.BusinessCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the subset of a FHIR R4 Encounter (JSON) the panel needs, and rejects with the FHIR path what it cannot use:
 * {@code resourceType}, {@code id}, {@code meta.versionId} (a whole number when present), {@code status} (R4
 * EncounterStatus), {@code class.code}, {@code subject.reference} (a literal Patient reference),
 * {@code participant[].individual.reference} (at least one Practitioner), {@code period.start} (required here, a
 * time with an offset) and {@code period.end} (not before the start).
 */
@ApplicationScoped
public class EncounterParser {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");
    /** A literal reference, relative or absolute, optionally versioned; groups: type, id. */
    private static final Pattern LITERAL_REFERENCE = Pattern.compile(
            "(?:https?://\\S+/)?([A-Z][A-Za-z]{0,63})/([A-Za-z0-9\\-.]{1,64})(?:/_history/[A-Za-z0-9\\-.]{1,64})?");
    /** FHIR dateTime with at least minutes and an offset. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final List<String> STATUSES = List.of("planned", "arrived", "triaged", "in-progress", "onleave",
            "finished", "cancelled", "entered-in-error", "unknown");

    private final ObjectReader reader = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();
    private final BusinessCalendar calendar;

    public EncounterParser(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    public PanelEncounter parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEncounterException("(record): empty value, expected a FHIR R4 Encounter in JSON");
        }
        JsonNode root;
        try {
            root = reader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEncounterException("(record): not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEncounterException("(record): expected a JSON object");
        }
        if (!"Encounter".equals(text(root, "resourceType"))) {
            throw new InvalidEncounterException("resourceType: must be Encounter");
        }
        String id = text(root, "id");
        if (id == null || !FHIR_ID.matcher(id).matches()) {
            throw new InvalidEncounterException("id: is required, a FHIR id ([A-Za-z0-9-.]{1,64})");
        }
        long version = 0;
        JsonNode meta = root.get("meta");
        if (meta != null && !meta.isObject()) {
            throw new InvalidEncounterException("meta: must be an object");
        }
        if (meta != null && meta.has("versionId")) {
            String versionId = text(meta, "versionId");
            if (versionId == null || !VERSION.matcher(versionId).matches()) {
                throw new InvalidEncounterException("meta.versionId: must be a whole number, to order versions");
            }
            version = Long.parseLong(versionId);
        }
        String status = text(root, "status");
        if (status == null || !STATUSES.contains(status)) {
            throw new InvalidEncounterException("status: is required, an R4 EncounterStatus code");
        }
        JsonNode encounterClass = root.get("class");
        if (encounterClass == null || !encounterClass.isObject() || text(encounterClass, "code") == null) {
            throw new InvalidEncounterException("class.code: is required");
        }
        String patientId = reference(root.get("subject"), "subject", "Patient");
        JsonNode participants = root.get("participant");
        if (participants != null && !participants.isArray()) {
            throw new InvalidEncounterException("participant: must be an array");
        }
        Set<String> clinicians = new LinkedHashSet<>();
        if (participants != null) {
            for (int i = 0; i < participants.size(); i++) {
                JsonNode participant = participants.get(i);
                if (!participant.isObject()) {
                    throw new InvalidEncounterException("participant[" + i + "]: must be an object");
                }
                JsonNode individual = participant.get("individual");
                if (individual == null) {
                    continue;
                }
                String path = "participant[" + i + "].individual";
                Matcher m = literal(individual, path);
                if (m.group(1).equals("Practitioner")) {
                    clinicians.add(m.group(2));
                }
            }
        }
        if (clinicians.isEmpty()) {
            throw new InvalidEncounterException(
                    "participant: needs at least one individual referencing a Practitioner");
        }
        JsonNode period = root.get("period");
        if (period == null || !period.isObject()) {
            throw new InvalidEncounterException("period.start: is required (when the patient was seen)");
        }
        Instant start = instant(period, "start", true);
        Instant end = instant(period, "end", false);
        if (end != null && end.isBefore(start)) {
            throw new InvalidEncounterException("period.end: must not be before period.start");
        }
        return new PanelEncounter(id, version, patientId, new ArrayList<>(clinicians), status, start, end,
                calendar.day(start));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Matcher literal(JsonNode reference, String path) {
        if (!reference.isObject()) {
            throw new InvalidEncounterException(path + ": must be a Reference object");
        }
        String value = text(reference, "reference");
        if (value == null) {
            throw new InvalidEncounterException(path + ".reference: is required (a literal reference such as Practitioner/123)");
        }
        Matcher m = LITERAL_REFERENCE.matcher(value);
        if (!m.matches()) {
            throw new InvalidEncounterException(path + ".reference: must be a literal reference such as Practitioner/123");
        }
        return m;
    }

    private static String reference(JsonNode reference, String path, String type) {
        if (reference == null) {
            throw new InvalidEncounterException(path + ": is required");
        }
        Matcher m = literal(reference, path);
        if (!m.group(1).equals(type)) {
            throw new InvalidEncounterException(path + ".reference: must reference a " + type);
        }
        return m.group(2);
    }

    private static Instant instant(JsonNode period, String field, boolean required) {
        String path = "period." + field;
        JsonNode node = period.get(field);
        if (node == null) {
            if (required) {
                throw new InvalidEncounterException(path + ": is required (when the patient was seen)");
            }
            return null;
        }
        String value = node.isTextual() ? node.asText() : null;
        if (value == null || !DATE_TIME.matcher(value).matches()) {
            throw new InvalidEncounterException(path + ": must be a dateTime with a time and an offset");
        }
        try {
            String withSeconds = value.matches(".*T[0-9]{2}:[0-9]{2}(Z|[+-].*)")
                    ? value.substring(0, 16) + ":00" + value.substring(16) : value;
            return OffsetDateTime.parse(withSeconds).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEncounterException(path + ": not a valid date and time");
        }
    }
}
