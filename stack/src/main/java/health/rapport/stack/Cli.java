package health.rapport.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code ./rapport up|status|down|reset}: the local stack from the command line. */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("rapport.root", ".")).toAbsolutePath().normalize();
        String command = args.length == 0 ? "help" : args[0];
        try {
            StackSettings settings = StackSettings.fromEnvironment(root, System.getenv());
            Stack stack = new Stack(settings, System.out);
            switch (command) {
                case "up" -> up(stack);
                case "status" -> stack.status().forEach(System.out::println);
                case "down" -> down(stack);
                case "reset" -> reset(stack);
                case "is-running" -> System.exit(stack.components().stream().allMatch(Component::isRunning) ? 0 : 1);
                default -> {
                    System.out.println("usage: ./rapport up|status|logs [service] [-f]|down|reset");
                    System.exit("help".equals(command) ? 0 : 2);
                }
            }
        } catch (StackException e) {
            System.err.println("rapport: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void up(Stack stack) {
        StackSettings settings = stack.settings();
        if (!stack.up()) {
            System.out.println("Rapport is already running; nothing changed.");
            stack.status().forEach(System.out::println);
            return;
        }
        String gateway = settings.url(StackSettings.Port.GATEWAY);
        System.out.println();
        System.out.println("Rapport is up. State and logs: " + settings.home());
        System.out.println("  portal API (gateway)  " + gateway + "/api/v1");
        System.out.println("  Keycloak              " + settings.url(StackSettings.Port.KEYCLOAK) + "  (admin / admin)");
        System.out.println("  received e-mail       " + settings.url(StackSettings.Port.SMTP_API) + "/api/messages");
        System.out.println();
        System.out.println("A demo token (users alice, ben, dr-bob, dr-carol, olga; password rapport):");
        System.out.println("  TOKEN=$(curl -s " + settings.issuer() + "/protocol/openid-connect/token \\");
        System.out.println("    -d grant_type=password -d client_id=portal-web -d username=alice -d password=rapport \\");
        System.out.println("    | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        System.out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + gateway + "/api/v1/threads");
    }

    private static void down(Stack stack) {
        List<String> stopped = stack.down();
        System.out.println(stopped.isEmpty() ? "Nothing of Rapport's was running."
                : "Stopped " + String.join(", ", stopped) + ".");
    }

    private static void reset(Stack stack) {
        down(stack);
        Path data = stack.settings().dataDir();
        deleteTree(data);
        deleteTree(stack.settings().logDir());
        System.out.println("Dropped local data in " + data + ".");
    }

    /** Deletes a folder and everything in it; a missing folder is fine. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new StackException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
