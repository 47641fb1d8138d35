package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java code block of the README and the user guide is a marked region of a test source, and
 * this test fails when a block and its region differ.
 *
 * <p>In Markdown, a block is marked by the line {@code <!-- snippet: NAME -->} right before its
 * opening {@code ```java} fence. In a test source under {@code core/src/test/java}, the region is
 * the lines between {@code // snippet NAME} and {@code // end snippet}. A block and its region
 * are compared line by line after each loses its common indentation and its trailing blanks. The
 * test fails, naming the file, the snippet and the first line that differs, when a block differs
 * from its region, when a marked block has no region, when a Java block has no marker, and when
 * two regions share a name.
 */
final class DocumentationSnippetsTest {
  private static final Pattern MARKER =
      Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S+)\\s*-->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*(\\S*).*$");
  private static final Pattern REGION_START = Pattern.compile("^\\s*// snippet (\\S+)\\s*$");
  private static final Pattern REGION_END = Pattern.compile("^\\s*// end snippet\\s*$");

  /** A Java block of a Markdown file: its snippet name (null when unmarked) and its lines. */
  record Block(String file, int line, String name, List<String> lines) {}

  @Test
  void everyDocumentationBlock_matchesItsRegionOfATestSource() throws IOException {
    Path root = repositoryRoot();
    List<Path> docs = documentationFiles(root);
    Map<String, List<String>> regions = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(root.resolve("core/src/test/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        problems.addAll(
            readRegions(root.relativize(source).toString(), read(source), regions));
      }
    }
    int blocks = 0;
    for (Path doc : docs) {
      List<Block> found = javaBlocks(root.relativize(doc).toString(), read(doc));
      blocks += found.size();
      for (Block block : found) {
        problems.addAll(check(block, regions));
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    assertTrue(blocks > 20, "found only " + blocks + " Java blocks in " + docs);
  }

  @Test
  void aBlockThatDiffersFromItsRegion_isNamedWithItsFirstDifferingLine() {
    Map<String, List<String>> regions = new LinkedHashMap<>();
    readRegions(
        "Source.java",
        List.of("  // snippet demo", "  int a = 1;", "  int b = 2;", "  // end snippet"),
        regions);
    List<Block> blocks =
        javaBlocks(
            "guide.md",
            List.of("<!-- snippet: demo -->", "```java", "int a = 1;", "int b = 3;", "```"));
    List<String> problems = check(blocks.get(0), regions);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("guide.md"), problems.get(0));
    assertTrue(problems.get(0).contains("'demo'"), problems.get(0));
    assertTrue(problems.get(0).contains("int b = 3;"), problems.get(0));
    assertTrue(problems.get(0).contains("int b = 2;"), problems.get(0));
  }

  @Test
  void indentationAndTrailingBlanksDoNotCount_butExtraLinesDo() {
    Map<String, List<String>> regions = new LinkedHashMap<>();
    readRegions(
        "Source.java",
        List.of("    // snippet demo", "    if (x) {", "      y();", "    }", "    // end snippet"),
        regions);
    Block same =
        javaBlocks(
                "a.md",
                List.of("<!-- snippet: demo -->", "```java", "if (x) {", "  y();  ", "}", "```"))
            .get(0);
    assertEquals(List.of(), check(same, regions));
    Block longer =
        javaBlocks(
                "a.md",
                List.of(
                    "<!-- snippet: demo -->", "```java", "if (x) {", "  y();", "}", "z();", "```"))
            .get(0);
    List<String> problems = check(longer, regions);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("z();"), problems.get(0));
  }

  @Test
  void anUnmarkedJavaBlock_andAMarkedBlockWithoutARegion_areReported() {
    List<Block> blocks =
        javaBlocks(
            "README.md",
            List.of(
                "```java",
                "int a;",
                "```",
                "```",
                "not java",
                "```",
                "<!-- snippet: missing -->",
                "```java",
                "int b;",
                "```"));
    assertEquals(2, blocks.size());
    List<String> unmarked = check(blocks.get(0), Map.of());
    assertTrue(unmarked.get(0).contains("README.md:1"), unmarked.toString());
    assertTrue(unmarked.get(0).contains("no snippet marker"), unmarked.toString());
    List<String> missing = check(blocks.get(1), Map.of());
    assertTrue(missing.get(0).contains("'missing'"), missing.toString());
    assertTrue(missing.get(0).contains("no region"), missing.toString());
  }

  @Test
  void aRegionNamedTwice_orLeftOpen_isReported() {
    Map<String, List<String>> regions = new LinkedHashMap<>();
    List<String> once =
        readRegions("A.java", List.of("// snippet x", "a();", "// end snippet"), regions);
    assertEquals(List.of(), once);
    List<String> twice =
        readRegions("B.java", List.of("// snippet x", "b();", "// end snippet"), regions);
    assertFalse(twice.isEmpty());
    assertTrue(twice.get(0).contains("'x'"), twice.toString());
    List<String> open = readRegions("C.java", List.of("// snippet y", "c();"), regions);
    assertTrue(open.get(0).contains("C.java") && open.get(0).contains("'y'"), open.toString());
  }

  /** The directory with the README and {@code core/guide}, found upward from the working one. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md"))
          && Files.isDirectory(p.resolve("core/guide"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (README.md and core/guide) above " + dir);
  }

  /** README.md, core/README.md and core/guide/*.md. */
  static List<Path> documentationFiles(Path root) throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(root.resolve("README.md"));
    docs.add(root.resolve("core/README.md"));
    try (Stream<Path> guide = Files.list(root.resolve("core/guide"))) {
      docs.addAll(guide.filter(p -> p.toString().endsWith(".md")).sorted().toList());
    }
    return docs;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the file's regions to {@code regions}; returns the problems found. */
  static List<String> readRegions(
      String file, List<String> lines, Map<String, List<String>> regions) {
    List<String> problems = new ArrayList<>();
    String open = null;
    int openLine = 0;
    List<String> body = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher start = REGION_START.matcher(line);
      if (start.matches()) {
        if (open != null) {
          problems.add(file + ":" + (i + 1) + ": snippet '" + start.group(1)
              + "' starts inside snippet '" + open + "'");
        }
        open = start.group(1);
        openLine = i + 1;
        body = new ArrayList<>();
      } else if (REGION_END.matcher(line).matches()) {
        if (open == null) {
          problems.add(file + ":" + (i + 1) + ": '// end snippet' without a start");
        } else if (regions.putIfAbsent(open, body) != null) {
          problems.add(file + ":" + openLine + ": snippet '" + open + "' is defined twice");
        }
        open = null;
      } else if (open != null) {
        body.add(line);
      }
    }
    if (open != null) {
      problems.add(file + ":" + openLine + ": snippet '" + open + "' has no '// end snippet'");
    }
    return problems;
  }

  /** The Java blocks of a Markdown file, each with the snippet name of the marker before it. */
  static List<Block> javaBlocks(String file, List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    String marker = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = MARKER.matcher(line);
      if (m.matches()) {
        marker = m.group(1);
        continue;
      }
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        String close = fence.group(2);
        int start = i;
        List<String> body = new ArrayList<>();
        for (i++; i < lines.size() && !lines.get(i).strip().startsWith(close); i++) {
          body.add(lines.get(i));
        }
        if (fence.group(3).equals("java")) {
          blocks.add(new Block(file, start + 1, marker, body));
        }
      }
      if (!line.isBlank()) {
        marker = null; // a marker applies only to the block right after it
      }
    }
    return blocks;
  }

  /** What is wrong with one block: nothing, or one line naming the file, snippet and line. */
  static List<String> check(Block block, Map<String, List<String>> regions) {
    String where = block.file() + ":" + block.line();
    if (block.name() == null) {
      return List.of(where + ": a java block with no snippet marker (<!-- snippet: NAME -->)");
    }
    List<String> region = regions.get(block.name());
    if (region == null) {
      return List.of(
          where + ": snippet '" + block.name() + "' has no region (// snippet "
              + block.name() + " ... // end snippet) in core/src/test/java");
    }
    List<String> expected = normalize(region);
    List<String> actual = normalize(block.lines());
    int n = Math.max(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      String want = i < expected.size() ? expected.get(i) : "<end of region>";
      String got = i < actual.size() ? actual.get(i) : "<end of block>";
      if (!want.equals(got)) {
        return List.of(
            where + ": snippet '" + block.name() + "' differs from its region at line "
                + (i + 1) + " of the block:\n  block:  " + got + "\n  region: " + want);
      }
    }
    return List.of();
  }

  /** Trailing blanks off every line, blank lines at both ends off, the common indentation off. */
  static List<String> normalize(List<String> lines) {
    List<String> stripped = lines.stream().map(String::stripTrailing).collect(Collectors.toList());
    while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
      stripped.remove(0);
    }
    while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
      stripped.remove(stripped.size() - 1);
    }
    int indent =
        stripped.stream()
            .filter(l -> !l.isEmpty())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return stripped.stream()
        .map(l -> l.isEmpty() ? l : l.substring(indent))
        .collect(Collectors.toList());
  }
}
