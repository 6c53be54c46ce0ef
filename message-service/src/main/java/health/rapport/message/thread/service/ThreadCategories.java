package health.rapport.message.thread.service;

import java.util.List;

/** The closed vocabularies of a thread. */
public final class ThreadCategories {

    public static final List<String> CATEGORIES =
            List.of("medical-question", "prescription", "appointment", "billing", "test-results", "other");

    /** FHIR request priority codes. */
    public static final List<String> PRIORITIES = List.of("routine", "urgent", "asap", "stat");

    public static final int SUBJECT_MAX = 200;
    public static final int BODY_MAX = 10_000;

    private ThreadCategories() {
    }
}
