package health.rapport.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Message text, from word lists and sentence frames: synthetic, never real patient data.
 *
 * <p>Personal replies combine several frames with many slot words, so two personal replies share few words and
 * word pairs and their SimHash fingerprints ({@code health.rapport.events.TextFingerprint}) lie far apart. Templated
 * replies are one of a clinician's few fixed texts whose only variable part is digits (a date, a number, a time,
 * an extension); the fingerprint folds every run of digits to one symbol, so all uses of a template have the same
 * fingerprint, well within the Hamming distance 3 engagement-service treats as templated.
 */
final class Texts {

    /** Who is writing to whom, for the name slots. */
    record Context(String patientGiven, String clinicianSurname) {
    }

    private static final Map<String, List<String>> WORDS = Map.ofEntries(
            Map.entry("symptom", List.of("a cough", "headaches", "dizziness", "a sore throat", "lower back pain",
                    "heartburn", "trouble sleeping", "a rash on my arm", "ankle swelling", "knee pain",
                    "shortness of breath on stairs", "a low fever", "stomach cramps", "ringing in my ears",
                    "itchy eyes", "muscle aches", "a stiff neck", "tingling in my fingers", "nausea in the mornings",
                    "a dry mouth", "more fatigue than usual", "blurry vision", "chest tightness", "hip pain",
                    "a runny nose", "night sweats", "a pulled muscle", "restless legs", "joint stiffness",
                    "sinus pressure")),
            Map.entry("duration", List.of("two days", "about a week", "three weeks", "a few days", "almost a month",
                    "a couple of weeks", "several days", "most of the month", "ten days", "a day or two")),
            Map.entry("med", List.of("lisinopril", "metformin", "atorvastatin", "amlodipine", "levothyroxine",
                    "omeprazole", "sertraline", "albuterol", "losartan", "gabapentin", "montelukast", "fluticasone",
                    "hydrochlorothiazide", "meloxicam", "cetirizine", "prednisone", "escitalopram", "tamsulosin",
                    "pantoprazole", "rosuvastatin")),
            Map.entry("test", List.of("blood work", "cholesterol panel", "thyroid test", "sugar test", "x-ray",
                    "urine test", "MRI", "ultrasound", "vitamin level", "kidney function test", "allergy panel",
                    "heart tracing", "iron studies", "liver panel", "blood count")),
            Map.entry("activity", List.of("exercise", "drive", "travel", "go back to work", "lift weights", "swim",
                    "take ibuprofen", "drink coffee", "fly next week", "skip a dose", "garden", "run again")),
            Map.entry("place", List.of("Main St", "Oak Ave", "the mall", "Elm Road", "the hospital", "Cedar Lane",
                    "Market Square", "Pine St", "the clinic", "Harbor Blvd")),
            Map.entry("weekday", List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the weekend")),
            Map.entry("timeOfDay", List.of("morning", "evening", "night", "afternoon")),
            Map.entry("work", List.of("my employer", "school", "the gym", "my volunteer job", "jury duty",
                    "a sports team")),
            Map.entry("topicOther", List.of("healthy eating", "quitting smoking", "sleep habits", "travel vaccines",
                    "stress at work", "a home blood pressure cuff")),
            Map.entry("assessment", List.of("a viral infection", "a mild strain", "seasonal allergies", "reflux",
                    "a side effect of the medicine", "stress-related tension", "an irritated nerve",
                    "mild dehydration", "a flare of your arthritis", "a minor skin reaction", "a pinched nerve",
                    "an ear infection")),
            Map.entry("advice", List.of("ice and rest", "a warm compress", "an over-the-counter antihistamine",
                    "gentle stretching", "a bland diet", "extra sleep", "saline rinses", "a short walk each day",
                    "elevating your leg", "avoiding screens before bed", "smaller meals", "a humidifier at night")),
            Map.entry("shortDuration", List.of("two days", "week", "few days", "ten days", "weekend", "fortnight")),
            Map.entry("action", List.of("book a follow-up visit", "check your blood pressure twice a day",
                    "take the tablets with food", "stop the new supplement", "try the inhaler before exercise",
                    "send me a photo through the portal", "write down your readings", "call the front desk",
                    "pick up the lab order", "keep taking the current dose", "switch to the evening dose",
                    "use the cream sparingly")),
            Map.entry("resultWord", List.of("normal", "slightly high", "stable", "better than last time",
                    "borderline", "within range", "a little low", "unchanged")),
            Map.entry("when", List.of("next week", "in a month", "before your next visit", "in three months",
                    "tomorrow", "this Friday", "after the holidays", "in six weeks", "early next month")),
            Map.entry("examine", List.of("take a closer look", "check your reflexes", "listen to your lungs",
                    "review your medicines", "adjust the plan", "repeat the exam", "talk through the options")),
            Map.entry("redFlag", List.of("chest pain", "a high fever", "trouble breathing", "sudden weakness",
                    "confusion", "severe pain", "bleeding that will not stop", "a spreading rash")),
            Map.entry("caveat", List.of("start slowly", "stay hydrated", "stop if it hurts", "take breaks",
                    "avoid heavy lifting", "listen to your body", "warm up first")),
            Map.entry("chartNote", List.of("your last labs were fine", "nothing needs to change yet",
                    "your vaccines are up to date", "the dose has been steady", "your blood pressure trend is good",
                    "the specialist agreed with the plan", "your weight has been stable")),
            Map.entry("appointmentThing", List.of("a lab draw", "a physical therapy referral",
                    "a visit with the dietitian", "an imaging appointment", "a medication review",
                    "a hearing test")),
            Map.entry("bodyPart", List.of("back", "knee", "shoulder", "stomach", "throat", "ankle", "neck", "wrist",
                    "hip", "chest")),
            Map.entry("healingEvent", List.of("the swelling goes down", "the infection clears",
                    "the new dose settles in", "you rest it for a while", "the muscle relaxes",
                    "the allergy season ends")),
            Map.entry("screening", List.of("a colon cancer screening", "a mammogram", "a diabetic eye exam",
                    "your annual physical", "a blood pressure check", "a cholesterol check", "a tetanus booster",
                    "a bone density scan")),
            Map.entry("patientAction", List.of("book the visit", "try that tonight", "pick it up tomorrow",
                    "keep an eye on it", "call the front desk", "start the new dose"))
    );

    private static final List<Frame> PATIENT_GREETING = frames("Hi Dr. {doctor},", "Hello Dr. {doctor},",
            "Dear Dr. {doctor},", "Good morning,", "Hi,");
    private static final List<Frame> PATIENT_CLOSING = frames("Thanks, {first}", "Thank you!", "Thanks so much.",
            "{first}", "Best, {first}", "Thank you for your help.");

    private static final Map<String, List<Frame>> PATIENT_BY_CATEGORY = Map.of(
            "medical-question", frames("I have had {symptom} for {duration}.",
                    "Over the last {shortDuration} I have noticed {symptom}.", "Should I be worried about {symptom}?",
                    "Is it okay to {activity} with {symptom}?", "Could this be related to the {med}?",
                    "It gets worse in the {timeOfDay}.", "Do I need to come in or can I wait?",
                    "I tried rest and fluids but it has not helped."),
            "prescription", frames("I am almost out of my {med}.",
                    "Could you send a refill to the pharmacy on {place}?",
                    "The pharmacy says the {med} needs a new prescription.", "Can I switch from {med} to {med}?",
                    "I think the {med} is giving me {symptom}.", "I lost my {med} while traveling."),
            "appointment", frames("I need to move my appointment on {weekday}.",
                    "Can I get a sooner visit for {symptom}?", "Is a video visit possible instead of coming in?",
                    "Do I need to fast before my {test}?", "Could you tell me which office my visit is at?"),
            "billing", frames("I got a bill for my {test} and I think insurance should cover it.",
                    "Can you send a letter for my insurance about the {test}?",
                    "The statement lists a visit on {weekday} I did not have.",
                    "Who should I call about a billing question?"),
            "test-results", frames("Are my {test} results back yet?",
                    "I saw the {test} results online and do not understand them.",
                    "Is the {test} value something to worry about?", "Do I need to repeat the {test}?"),
            "other", frames("Can you fill out a form for {work}?", "I need a note for {work}.",
                    "Do you have advice on {topicOther}?", "Can my caregiver get access to my portal?"));

    private static final List<Frame> PERSONAL = frames(
            "Thanks for letting me know about the {symptom}.",
            "From what you describe, this sounds like {assessment}.",
            "I would suggest {advice} for the next {shortDuration}.",
            "Please {action} and let me know how it goes.",
            "I have sent the {med} to your pharmacy on {place}.",
            "Your {test} looked {resultWord}, which is reassuring.",
            "I want to see you in the clinic {when} so we can {examine}.",
            "If you notice {redFlag}, go to urgent care right away.",
            "It is fine to {activity} as long as you {caveat}.",
            "We can lower the {med} dose if the {symptom} continues.",
            "I reviewed your chart and {chartNote}.",
            "Let us repeat the {test} {when}.",
            "Keep a short diary of the {symptom} so we can spot a pattern.",
            "My nurse will call you {when} to set up {appointmentThing}.",
            "That is a common side effect of {med} and it usually fades.",
            "Drink plenty of water and try {advice}.",
            "I am glad the {med} is helping with your {bodyPart}.",
            "Sorry to hear you are dealing with {symptom}.",
            "Good question about whether to {activity}.",
            "Your {bodyPart} should feel better once {healingEvent}.",
            "I checked with the pharmacy about the {med} and {chartNote}.",
            "We could also try {advice} before changing anything.");
    private static final List<Frame> PERSONAL_GREETING = frames("Hi {first},", "Hello {first},", "Dear {first},",
            "{first},", "Good afternoon {first},");
    private static final List<Frame> PERSONAL_SIGNOFF = frames("Best, Dr. {doctor}", "Take care, Dr. {doctor}",
            "Regards, Dr. {doctor}", "Warmly, Dr. {doctor}", "See you soon, Dr. {doctor}");

    /** Smart-phrase sentences: their only variable parts are digits. */
    private static final List<String> TEMPLATE_SENTENCES = List.of(
            "Your recent results dated {date} have been reviewed and are within normal limits.",
            "No changes to your current treatment plan are needed at this time.",
            "Your prescription request has been sent to your pharmacy and should be ready in {n} business days.",
            "Please allow {n} to {n} business days for processing.",
            "If your symptoms worsen or you develop new symptoms, please schedule an appointment.",
            "For urgent concerns, call the clinic at extension {ext} or dial 911 in an emergency.",
            "This message was reviewed on {date} at {time}.",
            "Please continue your medications as prescribed.",
            "A follow-up visit is recommended in {n} weeks.",
            "Our scheduling team can be reached at extension {ext} on weekdays.",
            "Thank you for your message. It has been received and reviewed by your care team.",
            "Please complete the attached questionnaire before your visit on {date}.",
            "Lab orders have been placed and are valid for {n} days.",
            "Results will be released to the portal once they are finalized.",
            "Please do not reply to this message with new medical concerns; start a new message instead.",
            "We recommend an annual wellness visit; the next available date is {date}.",
            "Your referral has been submitted and the specialist office will contact you within {n} days.",
            "Fasting for {n} hours is required before your blood draw.",
            "Please bring your medication list and insurance card to your appointment.",
            "Your forms have been completed and are available for pickup after {date}.",
            "Billing questions can be directed to patient accounts at extension {ext}.",
            "This response was prepared by your care team on behalf of your clinician.",
            "Please monitor your symptoms and update us in {n} days.",
            "We have updated your records as requested.");

    private static final List<Frame> OUTREACH = frames(
            "Our records show you are due for {screening}.",
            "It has been a while since your {test}; please schedule it {when}.",
            "Please let us know how the new {med} dose is working for you.",
            "Flu shots are now available at the clinic; walk-ins are welcome on {weekday}.",
            "I wanted to follow up on your visit and see how the {symptom} is.",
            "Your {test} from the last visit needs a recheck {when}.",
            "Could you send us your home blood pressure readings from the past {shortDuration}?");
    private static final List<Frame> OUTREACH_GREETING = frames("Hello {first}, this is Dr. {doctor}.",
            "Hi {first},", "Dear {first},");

    private static final List<Frame> NUDGE = frames("Just following up on my message from {weekday}.",
            "Any update on this?", "Sorry to bother you again, I still have {symptom}.",
            "Could someone get back to me?", "I have not heard back yet.", "Still waiting on an answer about this.",
            "Is there any news on my question?");
    private static final List<Frame> PATIENT_REPLY = frames("Thank you, that helps.", "Okay, I will {patientAction}.",
            "Thanks Dr. {doctor}, one more question.", "Should I still {activity}?",
            "The {symptom} is a bit better today.", "Got it, I booked the visit for {weekday}.", "Will do, thanks.",
            "The pharmacy on {place} does not have the {med} yet.", "Is it normal to still have {symptom}?");
    private static final List<Frame> PROVIDER_FOLLOW_UP = frames(
            "Checking in to see how you are feeling after our last messages.",
            "Just following up: did {advice} help?", "Let me know if the {symptom} has improved.",
            "I wanted to make sure you were able to pick up the {med}.",
            "Please update me when you have a moment.", "How has your {bodyPart} been this week?");

    static final List<String> CATEGORIES = List.of("medical-question", "prescription", "appointment",
            "test-results", "billing", "other");
    private static final double[] CATEGORY_CUMULATIVE = {0.34, 0.56, 0.72, 0.86, 0.92, 1.0};
    private static final Map<String, List<String>> SUBJECTS = Map.of(
            "medical-question", List.of("Question about symptoms", "New symptom", "Follow-up question",
                    "Side effects", "Pain question"),
            "prescription", List.of("Refill request", "Medication question", "Pharmacy issue"),
            "appointment", List.of("Appointment change", "Scheduling question", "Visit request"),
            "test-results", List.of("Test results", "Lab results question"),
            "billing", List.of("Billing question", "Insurance letter"),
            "other", List.of("Form request", "General question"));
    private static final List<String> OUTREACH_CATEGORIES = List.of("other", "appointment", "test-results",
            "medical-question");
    private static final List<String> OUTREACH_SUBJECTS = List.of("Check-in from your care team",
            "Preventive care reminder", "Follow-up after your visit", "Medication check");

    private Texts() {
    }

    // --- thread attributes -------------------------------------------------------------------------------

    static String patientCategory(Rng rng) {
        return CATEGORIES.get(rng.pickCumulative(CATEGORY_CUMULATIVE));
    }

    static String subject(String category, Rng rng) {
        List<String> subjects = SUBJECTS.get(category);
        return subjects.get(rng.nextInt(subjects.size()));
    }

    static String outreachCategory(Rng rng) {
        return OUTREACH_CATEGORIES.get(rng.nextInt(OUTREACH_CATEGORIES.size()));
    }

    static String outreachSubject(Rng rng) {
        return OUTREACH_SUBJECTS.get(rng.nextInt(OUTREACH_SUBJECTS.size()));
    }

    // --- messages ----------------------------------------------------------------------------------------

    static String patientInitial(String category, Context context, Rng rng) {
        StringBuilder text = new StringBuilder(200);
        pick(PATIENT_GREETING, rng).render(text, context, rng);
        sentences(text, PATIENT_BY_CATEGORY.get(category), rng.nextInt(1, 3), context, rng);
        text.append(' ');
        pick(PATIENT_CLOSING, rng).render(text, context, rng);
        return text.toString();
    }

    static String nudge(Context context, Rng rng) {
        StringBuilder text = new StringBuilder(120);
        sentencesFirst(text, NUDGE, rng.nextInt(1, 2), context, rng);
        text.append(' ');
        pick(PATIENT_CLOSING, rng).render(text, context, rng);
        return text.toString();
    }

    static String patientReply(Context context, Rng rng) {
        StringBuilder text = new StringBuilder(120);
        sentencesFirst(text, PATIENT_REPLY, rng.nextInt(1, 3), context, rng);
        return text.toString();
    }

    /** A personal reply: greeting, three to five different sentences, sign-off. */
    static String personalReply(Context context, Rng rng) {
        StringBuilder text = new StringBuilder(400);
        pick(PERSONAL_GREETING, rng).render(text, context, rng);
        sentences(text, PERSONAL, rng.nextInt(3, 5), context, rng);
        text.append(' ');
        pick(PERSONAL_SIGNOFF, rng).render(text, context, rng);
        return text.toString();
    }

    static String outreach(Context context, Rng rng) {
        StringBuilder text = new StringBuilder(250);
        pick(OUTREACH_GREETING, rng).render(text, context, rng);
        sentences(text, OUTREACH, rng.nextInt(1, 2), context, rng);
        text.append(" Thank you, Dr. ").append(context.clinicianSurname()).append("'s office");
        return text.toString();
    }

    static String providerFollowUp(Context context, Rng rng) {
        StringBuilder text = new StringBuilder(200);
        pick(PERSONAL_GREETING, rng).render(text, context, rng);
        sentences(text, PROVIDER_FOLLOW_UP, rng.nextInt(1, 2), context, rng);
        text.append(' ');
        pick(PERSONAL_SIGNOFF, rng).render(text, context, rng);
        return text.toString();
    }

    /**
     * A clinician's templates: each a fixed text of three or four smart-phrase sentences with digit slots. Slots
     * stay in the stored text ({@code {date}}, {@code {n}}, {@code {time}}, {@code {ext}}) and are filled on use.
     */
    static List<String> templates(String clinicianSurname, int count, Rng rng) {
        List<String> templates = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            int sentences = rng.nextInt(3, 4);
            List<Integer> chosen = new ArrayList<>();
            while (chosen.size() < sentences) {
                int s = rng.nextInt(TEMPLATE_SENTENCES.size());
                if (!chosen.contains(s)) {
                    chosen.add(s);
                }
            }
            StringBuilder text = new StringBuilder("Hello,");
            for (int s : chosen) {
                text.append(' ').append(TEMPLATE_SENTENCES.get(s));
            }
            text.append(" Sincerely, the office of Dr. ").append(clinicianSurname);
            templates.add(text.toString());
        }
        return List.copyOf(templates);
    }

    /** A template with its digit slots filled. */
    static String fillTemplate(String template, Rng rng) {
        StringBuilder text = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i);
                String slot = template.substring(i + 1, close);
                switch (slot) {
                    case "date" -> text.append(two(rng.nextInt(1, 12))).append('/').append(two(rng.nextInt(1, 28)));
                    case "n" -> text.append(rng.nextInt(2, 14));
                    case "time" -> text.append(two(rng.nextInt(8, 17))).append(':').append(two(rng.nextInt(60)));
                    case "ext" -> text.append(rng.nextInt(2000, 7999));
                    default -> throw new IllegalStateException("unknown template slot " + slot);
                }
                i = close + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        return text.toString();
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    // --- frames ------------------------------------------------------------------------------------------

    private static Frame pick(List<Frame> frames, Rng rng) {
        return frames.get(rng.nextInt(frames.size()));
    }

    /** Appends {@code count} different frames, each after a space. */
    private static void sentences(StringBuilder text, List<Frame> frames, int count, Context context, Rng rng) {
        int n = Math.min(count, frames.size());
        long used = 0;
        for (int k = 0; k < n; k++) {
            int f;
            do {
                f = rng.nextInt(frames.size());
            } while ((used & (1L << f)) != 0);
            used |= 1L << f;
            text.append(' ');
            frames.get(f).render(text, context, rng);
        }
    }

    /** As {@link #sentences} without the space before the first. */
    private static void sentencesFirst(StringBuilder text, List<Frame> frames, int count, Context context, Rng rng) {
        int start = text.length();
        sentences(text, frames, count, context, rng);
        if (text.length() > start && text.charAt(start) == ' ') {
            text.deleteCharAt(start);
        }
    }

    private static List<Frame> frames(String... texts) {
        List<Frame> frames = new ArrayList<>(texts.length);
        for (String text : texts) {
            frames.add(Frame.compile(text));
        }
        if (frames.size() > 64) {
            throw new IllegalStateException("at most 64 frames in a list");
        }
        return List.copyOf(frames);
    }

    /** A sentence with slots, compiled once: literal parts and word lists alternate. */
    private record Frame(List<Object> parts) {

        static final String FIRST = "first";
        static final String DOCTOR = "doctor";

        static Frame compile(String text) {
            List<Object> parts = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                int open = text.indexOf('{', i);
                if (open < 0) {
                    parts.add(text.substring(i));
                    break;
                }
                if (open > i) {
                    parts.add(text.substring(i, open));
                }
                int close = text.indexOf('}', open);
                String slot = text.substring(open + 1, close);
                if (slot.equals(FIRST) || slot.equals(DOCTOR)) {
                    parts.add(new Name(slot.equals(FIRST)));
                } else {
                    List<String> words = WORDS.get(slot);
                    if (words == null) {
                        throw new IllegalStateException("no word list " + slot);
                    }
                    parts.add(words);
                }
                i = close + 1;
            }
            return new Frame(List.copyOf(parts));
        }

        @SuppressWarnings("unchecked")
        void render(StringBuilder text, Context context, Rng rng) {
            for (Object part : parts) {
                if (part instanceof String literal) {
                    text.append(literal);
                } else if (part instanceof Name name) {
                    text.append(name.patient() ? context.patientGiven() : context.clinicianSurname());
                } else {
                    List<String> words = (List<String>) part;
                    text.append(words.get(rng.nextInt(words.size())));
                }
            }
        }
    }

    private record Name(boolean patient) {
    }
}
