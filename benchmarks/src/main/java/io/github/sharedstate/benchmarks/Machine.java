package io.github.sharedstate.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a report ran: the date, the CPU (model name and, since two guests can both be
 * named "AMD EPYC", its family, model and stepping from {@code /proc/cpuinfo}), the processors the
 * JVM sees, the JDK, the OS, and the git commit of the working tree the report was built from.
 */
final class Machine {
  private Machine() {}

  /** {@return the facts as Markdown list items, one per line} */
  static String markdown() {
    StringBuilder md = new StringBuilder();
    for (Map.Entry<String, String> fact : facts().entrySet()) {
      md.append("- ").append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
    }
    return md.toString();
  }

  /** {@return the facts by name, in report order} */
  static Map<String, String> facts() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(
        "date",
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
            + " UTC");
    Map<String, String> cpu = cpuinfo();
    facts.put("CPU", cpu.getOrDefault("model name", System.getProperty("os.arch")));
    facts.put(
        "CPU family / model / stepping",
        cpu.getOrDefault("cpu family", "?")
            + " / "
            + cpu.getOrDefault("model", "?")
            + " / "
            + cpu.getOrDefault("stepping", "?"));
    facts.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put(
        "JDK",
        System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.vm.version")
            + ")");
    facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put("commit", commit());
    return facts;
  }

  /** The first processor's fields of {@code /proc/cpuinfo}; empty where there is none. */
  static Map<String, String> cpuinfo() {
    Map<String, String> fields = new LinkedHashMap<>();
    Path file = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(file)) {
      return fields;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          break; // the first processor's block ends here
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      // no CPU details: the report says "?"
    }
    return fields;
  }

  /** The working tree's commit, with "+ local changes" when tracked files differ from it. */
  private static String commit() {
    String head = git(List.of("git", "rev-parse", "--short=12", "HEAD"));
    if (head.isEmpty()) {
      return "unknown (not a git working tree)";
    }
    String changes = git(List.of("git", "status", "--porcelain", "--untracked-files=no"));
    return head + (changes.isEmpty() ? "" : " + local changes");
  }

  private static String git(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "";
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
