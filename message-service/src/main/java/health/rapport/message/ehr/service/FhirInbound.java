package health.rapport.message.ehr.service;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.rapport.events.ParticipantRole;
import health.rapport.message.ehr.service.EhrCommunication.Status;
import health.rapport.message.thread.service.AttachmentRef;
import health.rapport.message.thread.service.ThreadCategories;
import health.rapport.support.problem.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Communication.CommunicationPayloadComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Parses the FHIR R4 JSON of one Kafka record value from {@code ehr.communications.v1} or
 * {@code ehr.encounters.v1} into validated Rapport terms, or rejects it with an {@link InvalidEhrRecord} whose
 * reason starts with the FHIR path of the offending element and never quotes message text.
 *
 * <p>How: the JSON is read once with Jackson (duplicate keys and trailing content are errors), its shape is
 * checked against HAPI's R4 model (every known element: JSON type, array only where the element repeats,
 * primitive values parse, codes are in their required value set), then HAPI builds the resource from the same
 * tree. Unknown elements and extensions are tolerated, as EHRs add them. HAPI's own messages are never passed on:
 * they may quote values.
 *
 * <p>Thread-safe: one {@link FhirContext} (expensive, built once) and a new parser per call (cheap).
 */
// Started eagerly: building the FHIR context takes seconds, which should not delay the first record.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class FhirInbound {

    /** An attachment's SHA-256 (valueString, 64 hex digits); FHIR R4's own {@code hash} is SHA-1. */
    public static final String SHA256_EXTENSION = "http://rapport.health/fhir/StructureDefinition/attachment-sha256";
    public static final String THREAD_CATEGORY_SYSTEM = "urn:rapport:thread-category";
    public static final String COMMUNICATION_CATEGORY_SYSTEM =
            "http://terminology.hl7.org/CodeSystem/communication-category";
    static final String DEFAULT_CATEGORY = "other";
    static final String DEFAULT_PRIORITY = "routine";

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** A literal reference, relative or absolute, optionally versioned; groups: type, id. */
    private static final Pattern LITERAL_REFERENCE = Pattern.compile(
            "(?:https?://\\S+/)?([A-Z][A-Za-z]{0,63})/([A-Za-z0-9\\-.]{1,64})(?:/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final Pattern RELATIVE_REFERENCE =
            Pattern.compile("[A-Z][A-Za-z]{0,63}/[A-Za-z0-9\\-.]{1,64}(?:/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    /** What a reason may show of a value: a code-like token. Anything else is described, not quoted. */
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9\\-.]{1,40}");
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-(\\d{1,5})");

    private final FhirContext context;
    private final ObjectReader reader;

    public FhirInbound() {
        context = FhirContext.forR4();
        // Scan the two models now rather than on the first record.
        context.getResourceDefinition(Communication.class);
        context.getResourceDefinition(Encounter.class);
        reader = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build()
                .reader();
    }

    // ------------------------------------------------------------------------------------------------ Communication

    public EhrCommunication communication(String json) throws InvalidEhrRecord {
        Parsed<Communication> parsed = parse(json, Communication.class);
        Communication c = parsed.resource();
        String id = logicalId(parsed.json());
        Status status = status(c);
        boolean strict = status == Status.COMPLETED;
        Parties parties = step(strict, () -> parties(c), null);
        String patientId = parties != null ? parties.patientId() : step(strict, () -> patientOf(c.getSubject()), null);
        return new EhrCommunication(
                "Communication/" + id,
                c.getMeta().hasVersionId() ? c.getMeta().getVersionId() : null,
                identifierKey(c.getIdentifier()),
                status,
                step(strict, () -> threadKey(c), null),
                threadSubject(c),
                step(strict, () -> inResponseTo(c), List.of()),
                patientId,
                parties != null ? parties.clinicianId() : null,
                parties != null ? parties.senderRole() : null,
                step(strict, () -> instantWithOffset(c.hasSent() ? c.getSentElement() : null, "sent", true), null),
                step(strict, () -> body(c), null),
                step(strict, () -> category(c), DEFAULT_CATEGORY),
                c.hasPriority() ? c.getPriority().toCode() : DEFAULT_PRIORITY,
                step(strict, () -> attachments(c), List.of()));
    }

    /** Runs a rule; for a retraction ({@code strict} false) a rejected element is just left out. */
    private static <T> T step(boolean strict, Supplier<T> rule, T fallback) {
        if (strict) {
            return rule.get();
        }
        try {
            return rule.get();
        } catch (InvalidEhrRecord e) {
            return fallback;
        }
    }

    private static Status status(Communication c) {
        if (!c.hasStatus()) {
            throw new InvalidEhrRecord("status: is required");
        }
        return switch (c.getStatus()) {
            case COMPLETED -> Status.COMPLETED;
            case ENTEREDINERROR -> Status.ENTERED_IN_ERROR;
            default -> throw new InvalidEhrRecord(
                    "status: only completed and entered-in-error are accepted, was " + c.getStatus().toCode());
        };
    }

    private record Parties(String patientId, String clinicianId, ParticipantRole senderRole) {
    }

    private static Parties parties(Communication c) {
        String patientId = patientOf(c.getSubject());
        Ref sender = literal(c.hasSender() ? c.getSender() : null, "sender");
        boolean fromPatient;
        if (sender.type().equals("Patient")) {
            fromPatient = true;
        } else if (sender.type().equals("Practitioner")) {
            fromPatient = false;
        } else {
            throw new InvalidEhrRecord("sender: must reference a Patient or Practitioner");
        }
        String otherKind = fromPatient ? "Practitioner" : "Patient";
        Ref other = null;
        int otherIndex = -1;
        int count = 0;
        List<Reference> recipients = c.getRecipient();
        for (int i = 0; i < recipients.size(); i++) {
            Ref ref = Ref.of(recipients.get(i));
            if (ref != null && ref.type().equals(otherKind)) {
                count++;
                other = ref;
                otherIndex = i;
            }
        }
        if (count != 1) {
            throw new InvalidEhrRecord("recipient: must contain exactly one " + otherKind + " reference, has " + count);
        }
        if (fromPatient && !sender.id().equals(patientId)) {
            throw new InvalidEhrRecord("sender: the sending Patient must be the subject");
        }
        if (!fromPatient && !other.id().equals(patientId)) {
            throw new InvalidEhrRecord("recipient[" + otherIndex + "]: the receiving Patient must be the subject");
        }
        return fromPatient
                ? new Parties(patientId, other.id(), ParticipantRole.PATIENT)
                : new Parties(patientId, sender.id(), ParticipantRole.CLINICIAN);
    }

    private static String patientOf(Reference subject) {
        Ref ref = literal(subject, "subject");
        if (!ref.type().equals("Patient")) {
            throw new InvalidEhrRecord("subject: must reference a Patient");
        }
        return ref.id();
    }

    private static String identifierKey(List<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            if (identifier.hasSystem() && identifier.hasValue()) {
                return identifier.getSystem() + "|" + identifier.getValue();
            }
        }
        return null;
    }

    private static String threadKey(Communication c) {
        if (!c.hasPartOf()) {
            return null;
        }
        Reference partOf = c.getPartOf().get(0);
        if (partOf.hasIdentifier() && partOf.getIdentifier().hasSystem() && partOf.getIdentifier().hasValue()) {
            return partOf.getIdentifier().getSystem() + "|" + partOf.getIdentifier().getValue();
        }
        return partOf.hasReference() ? partOf.getReference() : null;
    }

    private static String threadSubject(Communication c) {
        if (!c.hasTopic() || !c.getTopic().hasText()) {
            return null;
        }
        String text = c.getTopic().getText().strip();
        if (text.isEmpty()) {
            return null;
        }
        int max = ThreadCategories.SUBJECT_MAX;
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end).strip();
    }

    private static List<String> inResponseTo(Communication c) {
        List<String> ids = new ArrayList<>();
        List<Reference> references = c.getInResponseTo();
        for (int i = 0; i < references.size(); i++) {
            Ref ref = literal(references.get(i), "inResponseTo[" + i + "]");
            if (!ref.type().equals("Communication")) {
                throw new InvalidEhrRecord("inResponseTo[" + i + "]: must reference a Communication");
            }
            ids.add(ref.id());
        }
        return ids;
    }

    private static String body(Communication c) {
        String body = null;
        String path = null;
        int strings = 0;
        List<CommunicationPayloadComponent> payloads = c.getPayload();
        for (int i = 0; i < payloads.size(); i++) {
            if (payloads.get(i).getContent() instanceof StringType text) {
                strings++;
                body = text.getValue();
                path = "payload[" + i + "].contentString";
            }
        }
        if (strings != 1) {
            throw new InvalidEhrRecord("payload: a completed Communication needs exactly one contentString, has "
                    + strings);
        }
        return text(body, path, ThreadCategories.BODY_MAX);
    }

    /** The portal's rule for texts ({@link Validation#text}), so both sources accept the same bodies. */
    private static String text(String value, String path, int max) {
        Validation validation = new Validation();
        String trimmed = validation.text(path, value == null ? "" : value, 1, max);
        if (!validation.isValid()) {
            throw new InvalidEhrRecord(path + ": " + validation.errors().get(0).reason());
        }
        return trimmed;
    }

    private static List<AttachmentRef> attachments(Communication c) {
        List<AttachmentRef> attachments = new ArrayList<>();
        List<CommunicationPayloadComponent> payloads = c.getPayload();
        for (int i = 0; i < payloads.size(); i++) {
            Type content = payloads.get(i).getContent();
            if (content instanceof Attachment attachment) {
                attachments.add(attachment(attachment, "payload[" + i + "].contentAttachment"));
            } else if (content instanceof Reference reference) {
                if (!reference.hasReference()) {
                    throw new InvalidEhrRecord("payload[" + i + "].contentReference.reference: is required");
                }
                attachments.add(new AttachmentRef(null, 0, null, null, reference.getReference()));
            } else if (content == null || content.isEmpty()) {
                throw new InvalidEhrRecord("payload[" + i + "]: needs a contentString, contentAttachment or "
                        + "contentReference");
            }
        }
        if (attachments.size() > AttachmentRef.MAX_PER_MESSAGE) {
            throw new InvalidEhrRecord("payload: at most " + AttachmentRef.MAX_PER_MESSAGE
                    + " attachments are accepted, has " + attachments.size());
        }
        return attachments;
    }

    private static AttachmentRef attachment(Attachment a, String path) {
        if (!a.hasContentType() || a.getContentType().isBlank()) {
            throw new InvalidEhrRecord(path + ".contentType: is required");
        }
        long size = a.hasSize() ? a.getSize() : 0;
        if (size < 0) {
            throw new InvalidEhrRecord(path + ".size: must not be negative");
        }
        if (size > AttachmentRef.MAX_SIZE) {
            throw new InvalidEhrRecord(path + ".size: must be at most " + AttachmentRef.MAX_SIZE + " bytes");
        }
        String sha256 = null;
        Extension digest = a.getExtensionByUrl(SHA256_EXTENSION);
        if (digest != null) {
            if (!(digest.getValue() instanceof StringType hex) || hex.getValue() == null
                    || !SHA256_HEX.matcher(hex.getValue()).matches()) {
                throw new InvalidEhrRecord(path + ".extension: attachment-sha256 needs a valueString of 64 hex digits");
            }
            sha256 = hex.getValue().toLowerCase(Locale.ROOT);
        }
        String url = a.hasUrl() ? a.getUrl() : null;
        String ehrReference = url != null && RELATIVE_REFERENCE.matcher(url).matches() ? url : null;
        return new AttachmentRef(a.getContentType(), size, sha256, url, ehrReference);
    }

    private static String category(Communication c) {
        List<CodeableConcept> categories = c.getCategory();
        for (int i = 0; i < categories.size(); i++) {
            List<Coding> codings = categories.get(i).getCoding();
            for (int j = 0; j < codings.size(); j++) {
                Coding coding = codings.get(j);
                if (THREAD_CATEGORY_SYSTEM.equals(coding.getSystem())) {
                    if (!ThreadCategories.CATEGORIES.contains(coding.getCode())) {
                        throw new InvalidEhrRecord("category[" + i + "].coding[" + j + "]: unknown code "
                                + shown(coding.getCode()));
                    }
                    return coding.getCode();
                }
            }
        }
        // FHIR's communication-category (alert, notification, reminder, instruction), other systems, or none.
        return DEFAULT_CATEGORY;
    }

    // ---------------------------------------------------------------------------------------------------- Encounter

    public EhrEncounter encounter(String json) throws InvalidEhrRecord {
        Parsed<Encounter> parsed = parse(json, Encounter.class);
        Encounter e = parsed.resource();
        String id = logicalId(parsed.json());
        String patientId = patientOf(e.hasSubject() ? e.getSubject() : null);
        Set<String> practitioners = new LinkedHashSet<>();
        for (Encounter.EncounterParticipantComponent participant : e.getParticipant()) {
            Ref ref = participant.hasIndividual() ? Ref.of(participant.getIndividual()) : null;
            if (ref != null && ref.type().equals("Practitioner")) {
                practitioners.add(ref.id());
            }
        }
        if (practitioners.isEmpty()) {
            throw new InvalidEhrRecord("participant: needs at least one individual referencing a Practitioner");
        }
        Instant start = e.hasPeriod() && e.getPeriod().hasStart()
                ? instantWithOffset(e.getPeriod().getStartElement(), "period.start", false)
                : null;
        return new EhrEncounter("Encounter/" + id, patientId, List.copyOf(practitioners), start);
    }

    // ------------------------------------------------------------------------------------------------------ shared

    private static Instant instantWithOffset(DateTimeType value, String path, boolean required) {
        if (value == null || value.getValue() == null) {
            if (required) {
                throw new InvalidEhrRecord(path + ": is required");
            }
            return null;
        }
        if (value.getPrecision().compareTo(TemporalPrecisionEnum.MINUTE) < 0 || value.getTimeZone() == null) {
            throw new InvalidEhrRecord(path + ": needs a time with an offset");
        }
        return value.getValue().toInstant();
    }

    private record Ref(String type, String id) {

        /** The literal reference's type and logical id, or null if it has none in a form Rapport reads. */
        static Ref of(Reference reference) {
            if (reference == null || !reference.hasReference()) {
                return null;
            }
            Matcher m = LITERAL_REFERENCE.matcher(reference.getReference());
            return m.matches() ? new Ref(m.group(1), m.group(2)) : null;
        }
    }

    private static Ref literal(Reference reference, String path) {
        if (reference == null || reference.isEmpty()) {
            throw new InvalidEhrRecord(path + ": is required");
        }
        if (!reference.hasReference()) {
            throw new InvalidEhrRecord(path + ".reference: is required (a literal reference such as Patient/123)");
        }
        Ref ref = Ref.of(reference);
        if (ref == null) {
            throw new InvalidEhrRecord(path + ".reference: must be a literal reference such as Patient/123");
        }
        return ref;
    }

    private static String logicalId(ObjectNode json) {
        JsonNode id = json.get("id");
        if (id == null || id.isNull()) {
            throw new InvalidEhrRecord("id: is required");
        }
        if (!id.isTextual() || !FHIR_ID.matcher(id.textValue()).matches()) {
            throw new InvalidEhrRecord("id: must be 1 to 64 letters, digits, '-' or '.'");
        }
        return id.textValue();
    }

    /** A value fit for a reason: code-like tokens as they are, anything else only described. */
    static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        return SHOWABLE.matcher(value).matches() ? value : "(" + value.length() + " characters, not shown)";
    }

    // ------------------------------------------------------------------------------------------------------ parsing

    private record Parsed<T>(T resource, ObjectNode json) {
    }

    private <T extends IBaseResource> Parsed<T> parse(String json, Class<T> type) {
        String typeName = type.getSimpleName();
        if (json == null || json.isBlank()) {
            throw new InvalidEhrRecord(typeName + ": the record value is empty");
        }
        JsonNode tree;
        try {
            tree = reader.readTree(json);
        } catch (StreamReadException e) {
            String original = e.getOriginalMessage();
            if (original != null && original.startsWith("Duplicate field")) {
                throw new InvalidEhrRecord(jsonPath(e.getProcessor() == null ? null : e.getProcessor().getParsingContext(),
                        typeName) + ": must not repeat (duplicate JSON key)");
            }
            throw new InvalidEhrRecord(typeName + ": not valid JSON");
        } catch (JsonProcessingException e) {
            throw new InvalidEhrRecord(typeName + ": not valid JSON");
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new InvalidEhrRecord(typeName + ": expected a JSON object");
        }
        JsonNode resourceType = root.get("resourceType");
        if (resourceType == null || !resourceType.isTextual()) {
            throw new InvalidEhrRecord("resourceType: is required (a string)");
        }
        if (!typeName.equals(resourceType.textValue())) {
            throw new InvalidEhrRecord("resourceType: expected " + typeName + ", was " + shown(resourceType.textValue()));
        }
        checkObject(root, context.getResourceDefinition(type), "");
        JacksonStructure structure = new JacksonStructure();
        structure.setNativeObject(root);
        IJsonLikeParser parser = new JsonParser(context, new Errors());
        try {
            return new Parsed<>(parser.parseResource(type, structure), root);
        } catch (InvalidEhrRecord e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidEhrRecord(hapiReason(typeName, e.getMessage()));
        }
    }

    /** A reason for an exception HAPI threw itself, without its message (which may quote the input). */
    static String hapiReason(String typeName, String message) {
        Matcher m = HAPI_CODE.matcher(message == null ? "" : message);
        String code = m.find() ? m.group(1) : null;
        if ("1755".equals(code)) {
            return "text.div: not valid XHTML";
        }
        if ("1811".equals(code)) {
            return "extension: must not have both a value and nested extensions";
        }
        return typeName + ": not valid FHIR R4" + (code == null ? "" : " (HAPI-" + code + ")");
    }

    /** The FHIR path of a Jackson parsing position, such as {@code payload[0].contentString}. */
    private static String jsonPath(JsonStreamContext at, String typeName) {
        StringBuilder path = new StringBuilder();
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(shownName(c.getCurrentName()));
            }
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            String part = parts.get(i);
            if (!part.startsWith("[") && path.length() > 0) {
                path.append('.');
            }
            path.append(part);
        }
        return path.length() == 0 ? typeName : path.toString();
    }

    private static String shownName(String name) {
        return name != null && name.matches("_?[A-Za-z][A-Za-z0-9]{0,63}") ? name : "(element)";
    }

    /**
     * Checks the JSON against the R4 model where HAPI's JSON parser is lenient: a single-element array for a
     * non-repeating element, a number or boolean for a string, an object for a primitive. Unknown elements,
     * extensions and primitive extensions ({@code _name}) are left to HAPI, contained resources are skipped.
     */
    private static void checkObject(ObjectNode node, BaseRuntimeElementCompositeDefinition<?> definition,
            String path) {
        Set<BaseRuntimeChildDefinition> seen = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (name.equals("resourceType") || name.equals("extension") || name.equals("modifierExtension")
                    || name.equals("contained") || name.startsWith("_") || name.equals("fhir_comments")) {
                continue;
            }
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            BaseRuntimeElementDefinition<?> element = child == null ? null : child.getChildByName(name);
            if (element == null) {
                continue; // unknown: tolerated
            }
            if (!name.equals(child.getElementName())) { // one of a choice, such as contentString of content[x]
                if (seen == null) {
                    seen = Collections.newSetFromMap(new IdentityHashMap<>());
                }
                if (!seen.add(child)) {
                    String choice = child.getElementName().replace("[x]", "") + "[x]";
                    throw new InvalidEhrRecord((path.isEmpty() ? choice : path + "." + choice)
                            + ": must not repeat (has more than one of its types)");
                }
            }
            String childPath = path.isEmpty() ? name : path + "." + name;
            JsonNode value = field.getValue();
            boolean repeats = child.getMax() != 1;
            if (value.isArray()) {
                if (!repeats) {
                    throw new InvalidEhrRecord(childPath + ": must not repeat (was an array)");
                }
                for (int i = 0; i < value.size(); i++) {
                    checkValue(value.get(i), child, element, childPath + "[" + i + "]");
                }
            } else if (repeats && !value.isNull()) {
                throw new InvalidEhrRecord(childPath + ": must be an array");
            } else {
                checkValue(value, child, element, childPath);
            }
        }
    }

    private static void checkValue(JsonNode value, BaseRuntimeChildDefinition child,
            BaseRuntimeElementDefinition<?> element, String path) {
        if (value.isNull()) {
            return; // JSON's placeholder where only the _element carries content
        }
        switch (element.getChildType()) {
            case PRIMITIVE_DATATYPE, ID_DATATYPE -> checkPrimitive(value, child, element, path);
            case PRIMITIVE_XHTML, PRIMITIVE_XHTML_HL7ORG -> {
                if (!value.isTextual()) {
                    throw new InvalidEhrRecord(path + ": must be a string");
                }
            }
            case COMPOSITE_DATATYPE, RESOURCE_BLOCK -> {
                if (!(value instanceof ObjectNode object)) {
                    throw new InvalidEhrRecord(path + ": must be an object");
                }
                checkObject(object, (BaseRuntimeElementCompositeDefinition<?>) element, path);
            }
            default -> {
                // contained resources, declared extensions: HAPI's business
            }
        }
    }

    private static void checkPrimitive(JsonNode value, BaseRuntimeChildDefinition child,
            BaseRuntimeElementDefinition<?> element, String path) {
        Class<?> type = element.getImplementingClass();
        if (BooleanType.class.isAssignableFrom(type)) {
            if (!value.isBoolean()) {
                throw new InvalidEhrRecord(path + ": must be a JSON boolean");
            }
            return;
        }
        boolean number = IntegerType.class.isAssignableFrom(type) || DecimalType.class.isAssignableFrom(type);
        if (number ? !value.isNumber() : !value.isTextual()) {
            throw new InvalidEhrRecord(path + ": must be a JSON " + (number ? "number" : "string"));
        }
        if (element.getChildType() == BaseRuntimeElementDefinition.ChildTypeEnum.ID_DATATYPE) {
            return;
        }
        IPrimitiveType<?> primitive = (IPrimitiveType<?>) element.newInstance(child.getInstanceConstructorArguments());
        try {
            primitive.setValueAsString(value.asText());
        } catch (RuntimeException e) {
            throw new InvalidEhrRecord(path + ": invalid " + element.getName()
                    + (number || element.getName().equals("code") ? " " + shown(value.asText()) : ""));
        }
    }

    /**
     * HAPI's callbacks, a backstop behind {@link #checkObject}: unknown elements, attributes and references are
     * tolerated; invalid values, wrong JSON types and repeated non-repeating elements are errors. HAPI's JSON
     * parser gives no parent location, so the reason names the element only.
     */
    static final class Errors implements IParserErrorHandler {

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName,
                BaseJsonLikeValue.ValueType expectedValueType, BaseJsonLikeValue.ScalarType expectedScalarType,
                BaseJsonLikeValue.ValueType foundValueType, BaseJsonLikeValue.ScalarType foundScalarType) {
            throw new InvalidEhrRecord(shownName(elementName) + ": wrong JSON type, expected "
                    + (expectedValueType == null ? "another" : expectedValueType.name().toLowerCase(Locale.ROOT)));
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            String name = location == null ? null : location.getParentElementName();
            throw new InvalidEhrRecord(shownName(name) + ": invalid value");
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String elementName) {
            throw new InvalidEhrRecord(shownName(elementName) + ": is required");
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
            throw new InvalidEhrRecord(shownName(elementName) + ": must not repeat");
        }

        @Override
        public void unknownAttribute(IParseLocation location, String attributeName) {
        }

        @Override
        public void unknownElement(IParseLocation location, String elementName) {
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            throw new InvalidEhrRecord("extension: must not have both a value and nested extensions");
        }
    }
}
