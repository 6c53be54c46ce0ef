package health.rapport.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The facts of the machine a run measured, written beside every figure: a figure only means something next to
 * the cores, memory and Java it was measured with.
 *
 * @param cores   processors available to the JVM
 * @param ramGiB  physical memory, GiB
 * @param java    Java version, e.g. {@code 17.0.15}
 * @param vm      JVM name and vendor
 * @param os      operating system, version and architecture
 * @param cpu     processor model, from /proc/cpuinfo where there is one
 */
public record Machine(int cores, double ramGiB, String java, String vm, String os, String cpu) {

    public static Machine current() {
        long bytes = totalMemoryBytes();
        return new Machine(Runtime.getRuntime().availableProcessors(), bytes / (1024.0 * 1024 * 1024),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                cpuModel(Path.of("/proc/cpuinfo")));
    }

    private static long totalMemoryBytes() {
        var bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? "unknown" : line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return "unknown";
    }

    /** RAM as written in the CSV: GiB with one decimal. */
    public String ramText() {
        return String.format(Locale.ROOT, "%.1f", ramGiB);
    }

    /** e.g. {@code 2 cores, 23.5 GiB RAM, Java 17.0.15 (OpenJDK 64-Bit Server VM, Debian), Linux 6.1.0 amd64, AMD EPYC 7B13}. */
    public String line() {
        return cores + " cores, " + ramText() + " GiB RAM, Java " + java + " (" + vm + "), " + os + ", " + cpu;
    }
}
