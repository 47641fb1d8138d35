package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The process-wide switch, read once at startup, so each case runs in a JVM of its own. */
@Tag("slow") // starts JVMs, which mutation testing cannot see into: left out of PIT runs
final class LearnSwitchTest {
  @Test
  void switchOn_unrankedValuesJoinOneLearnedOrder_printedAtExit() throws Exception {
    Result result = run("-D" + LockOrder.LEARN_PROPERTY + "=true");
    assertEquals(
        List.of(
            "rejected [first, second]", "sharded rejected [hits[1], hits[0]]",
            "process-wide process-wide"),
        result.out);
    String printed = "learned lock order (io.github.sharedstate.learn=true): [";
    assertTrue(result.err.contains(printed), result.err);
    String learned = result.err.substring(result.err.indexOf(printed) + printed.length());
    assertTrue(learned.indexOf("first") < learned.indexOf("second"), learned);
    assertFalse(learned.contains("hits["), learned);
  }

  @Test
  void switchOff_byDefault_nothingIsTracked() throws Exception {
    Result result = run("-D" + LockOrder.LEARN_PROPERTY + "=false");
    assertEquals(
        List.of("not rejected", "sharded rejected [hits[1], hits[0]]", "process-wide none"),
        result.out);
    assertEquals("", result.err);
  }

  private record Result(List<String> out, String err) {}

  private static Result run(String property) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(property);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LearnSwitchMain.class.getName());
    Process process = new ProcessBuilder(command).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertEquals(0, process.waitFor());
    return new Result(
        new String(out, StandardCharsets.UTF_8).lines().toList(),
        new String(err, StandardCharsets.UTF_8).strip());
  }
}
