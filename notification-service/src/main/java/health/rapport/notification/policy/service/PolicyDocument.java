package health.rapport.notification.policy.service;

import health.rapport.events.NudgeKind;
import health.rapport.support.problem.Validation;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The nudge policy as JSON: the body of {@code PUT /api/v1/nudge-policy}, the answer of {@code GET} (with
 * {@code updatedAt} and {@code updatedBy}) and what table {@code nudge_policy} stores. Times are {@code HH:mm},
 * days {@code MONDAY}..{@code SUNDAY}, the zone an IANA name.
 */
public record PolicyDocument(
        Map<String, Integer> cooldownHours,
        Integer weeklyCap,
        String quietStart,
        String quietEnd,
        List<String> workingDays,
        String defaultZone,
        Integer escalateAfterIgnored,
        String opsEmail,
        Integer maxAttempts,
        Integer retryBaseSeconds,
        Double targetWithinShare,
        Double targetPersonalShare,
        java.time.Instant updatedAt,
        String updatedBy) {

    private static final List<String> KINDS = Arrays.stream(NudgeKind.values()).map(Enum::name).toList();
    private static final List<String> DAYS = Arrays.stream(DayOfWeek.values()).map(Enum::name).toList();
    private static final Pattern HH_MM = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");

    public static PolicyDocument of(NudgePolicy p, java.time.Instant updatedAt, String updatedBy) {
        Map<String, Integer> cooldown = new TreeMap<>();
        p.cooldownHours().forEach((kind, hours) -> cooldown.put(kind.name(), hours));
        return new PolicyDocument(cooldown, p.weeklyCap(), p.quietStart().toString(), p.quietEnd().toString(),
                p.workingDaysInOrder().stream().map(Enum::name).toList(), p.defaultZone().getId(),
                p.escalateAfterIgnored(), p.opsEmail(), p.maxAttempts(), p.retryBaseSeconds(), p.targetWithinShare(),
                p.targetPersonalShare(), updatedAt, updatedBy);
    }

    /** The policy this document describes; every invalid member is reported with its field name (400). */
    public NudgePolicy toPolicy() {
        Validation v = new Validation();
        Map<NudgeKind, Integer> cooldown = new EnumMap<>(NudgeKind.class);
        if (cooldownHours == null) {
            v.reject("cooldownHours", "is required: hours per kind (" + String.join(", ", KINDS) + ")");
        } else {
            cooldownHours.forEach((kind, hours) -> {
                if (!KINDS.contains(kind)) {
                    v.reject("cooldownHours." + kind, "is not a nudge kind; one of " + String.join(", ", KINDS));
                } else if (hours == null || hours < 0 || hours > 24 * 90) {
                    v.reject("cooldownHours." + kind, "must be a whole number of hours between 0 and 2160");
                } else {
                    cooldown.put(NudgeKind.valueOf(kind), hours);
                }
            });
        }
        int cap = range(v, "weeklyCap", weeklyCap, 1, 100);
        LocalTime start = time(v, "quietStart", quietStart);
        LocalTime end = time(v, "quietEnd", quietEnd);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (workingDays == null || workingDays.isEmpty()) {
            v.reject("workingDays", "must name at least one day (MONDAY..SUNDAY)");
        } else {
            for (int i = 0; i < workingDays.size(); i++) {
                String day = workingDays.get(i);
                if (day == null || !DAYS.contains(day)) {
                    v.reject("workingDays[" + i + "]", "must be one of " + String.join(", ", DAYS));
                } else {
                    days.add(DayOfWeek.valueOf(day));
                }
            }
        }
        ZoneId zone = null;
        if (defaultZone == null || defaultZone.isBlank()) {
            v.reject("defaultZone", "is required: an IANA time zone such as America/New_York");
        } else {
            try {
                zone = ZoneId.of(defaultZone.trim());
            } catch (DateTimeException e) {
                v.reject("defaultZone", "is not a known time zone (an IANA name such as America/New_York)");
            }
        }
        int escalate = range(v, "escalateAfterIgnored", escalateAfterIgnored, 0, 100);
        String ops = opsEmail == null || opsEmail.isBlank() ? null : opsEmail.trim();
        if (ops != null && !EMAIL.matcher(ops).matches()) {
            v.reject("opsEmail", "must be an e-mail address");
        }
        int attempts = range(v, "maxAttempts", maxAttempts, 1, 20);
        int retry = range(v, "retryBaseSeconds", retryBaseSeconds, 1, NudgePolicy.MAX_RETRY_SECONDS);
        double within = share(v, "targetWithinShare", targetWithinShare);
        double personal = share(v, "targetPersonalShare", targetPersonalShare);
        v.throwIfInvalid();
        return new NudgePolicy(cooldown, cap, start, end, days, zone, escalate, ops, attempts, retry, within, personal);
    }

    private static int range(Validation v, String field, Integer value, int min, int max) {
        if (value == null) {
            v.reject(field, "is required");
            return min;
        }
        if (value < min || value > max) {
            v.reject(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static double share(Validation v, String field, Double value) {
        if (value == null || value < 0 || value > 1) {
            v.reject(field, value == null ? "is required" : "must be a share between 0 and 1");
            return 0;
        }
        return value;
    }

    private static LocalTime time(Validation v, String field, String value) {
        if (value == null || !HH_MM.matcher(value.trim()).matches()) {
            v.reject(field, "must be a local time HH:mm, such as 18:00");
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            v.reject(field, "must be a local time HH:mm, such as 18:00");
            return LocalTime.MIDNIGHT;
        }
    }
}
