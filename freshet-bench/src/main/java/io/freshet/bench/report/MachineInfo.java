package io.freshet.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the numbers come from, read from /proc and the running JVM. */
public record MachineInfo(int cpus, String cpuModel, String memory, String kernel, String java) {

    public static MachineInfo current() {
        String cpuinfo = read("/proc/cpuinfo");
        String meminfo = read("/proc/meminfo");
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), field(cpuinfo, "model name"),
            memTotal(meminfo), read("/proc/sys/kernel/osrelease").trim(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
    }

    static String memTotal(String meminfo) {
        String kib = field(meminfo, "MemTotal").replace("kB", "").trim();
        try {
            return String.format("%.1f GiB", Long.parseLong(kib) / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return "unknown";
        }
    }

    /** The value after the first "key:" line, trimmed; "unknown" if absent. */
    static String field(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return "unknown";
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }

    /** The machine's rows of a report's two-column markdown table (CPUs, CPU model, memory, kernel, Java). */
    public String markdownRows() {
        return "| CPUs (nproc) | " + cpus + " |\n"
            + "| CPU model | " + cpuModel + " |\n"
            + "| memory | " + memory + " |\n"
            + "| kernel | " + kernel + " |\n"
            + "| Java (brokers and clients) | " + java + " |\n";
    }
}
