package health.rapport.message.thread.service;

/**
 * An attachment as a reference, never its bytes: what it is, how big, its digest, and where to fetch it (a URL
 * for portal uploads held by a document store, or an EHR reference such as {@code DocumentReference/123}).
 *
 * @param sha256 64 lower-case hex digits; may be null for EHR attachments (FHIR R4 carries SHA-1 only)
 */
public record AttachmentRef(String contentType, long size, String sha256, String url, String ehrReference) {

    public static final int MAX_PER_MESSAGE = 5;
    public static final long MAX_SIZE = 50L * 1024 * 1024;
}
