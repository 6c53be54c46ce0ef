package health.rapport.simulator.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.simulator.WorkCalendar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ground-truth check from the command line: recomputes clinicians' counters from message-service's database
 * (read-only) and compares them with what engagement-service serves. Exit code 0 when they agree, 1 when not.
 */
@Command(name = "truth-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recompute a clinician's engagement counters from message-service's tables (read-only) and "
                + "report every difference from what engagement-service serves.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no differences", "1:differences found, or a call failed", "2:bad options"})
public final class TruthCheckCli implements Callable<Integer> {

    @Option(names = "--clinician", required = true, split = ",", paramLabel = "ID",
            description = "Practitioner ids to check (comma-separated)")
    List<String> clinicians;

    @Option(names = "--window", defaultValue = "30", description = "days, today included (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--message-db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/message",
            description = "message-service's database (default ${DEFAULT-VALUE})")
    String messageDb;

    @Option(names = "--db-user", defaultValue = "postgres")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "postgres")
    String dbPassword;

    @Option(names = "--engagement-url", defaultValue = "http://127.0.0.1:8080",
            description = "the gateway or engagement-service (default ${DEFAULT-VALUE})")
    String engagementUrl;

    @Option(names = "--token", defaultValue = "${env:RAPPORT_TOKEN}",
            description = "an ops bearer token (default: environment variable RAPPORT_TOKEN)")
    String token;

    @Option(names = "--zone", defaultValue = "America/New_York", description = "the clinic's time zone")
    ZoneId zone;

    @Option(names = "--holidays", split = ",", description = "the clinic's holidays, ISO dates")
    List<LocalDate> holidays = List.of();

    @Option(names = "--target-business-days", defaultValue = "3")
    int targetBusinessDays;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TruthCheckCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (token == null || token.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --token or set RAPPORT_TOKEN");
        }
        MessageTableTruth.Rules rules = new MessageTableTruth.Rules(
                new WorkCalendar(zone, java.time.LocalTime.of(8, 0), java.time.LocalTime.of(18, 0), holidays),
                targetBusinessDays, 3, Duration.ofDays(30));
        LocalDate to = LocalDate.now(zone);
        LocalDate from = to.minusDays(window - 1L);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        int differences = 0;
        try (Connection db = DriverManager.getConnection(messageDb, dbUser, dbPassword)) {
            for (String clinician : clinicians) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(engagementUrl
                                + "/api/v1/engagement/providers/" + clinician + "?window=" + window + "d"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    System.out.println(clinician + ": engagement-service answered " + response.statusCode());
                    differences++;
                    continue;
                }
                JsonNode served = json.readTree(response.body());
                MessageTableTruth.Counters truth = MessageTableTruth.compute(db, clinician, from, to, Instant.now(), rules);
                List<String> found = TruthCheck.differences(truth, served);
                System.out.println(clinician + " (" + from + " to " + to + "): " + (found.isEmpty()
                        ? "no differences" : found.size() + " differences"));
                found.forEach(d -> System.out.println("  " + d));
                differences += found.size();
            }
        }
        return differences == 0 ? 0 : 1;
    }
}
