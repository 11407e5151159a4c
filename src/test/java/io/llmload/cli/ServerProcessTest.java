package io.llmload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.matrix.MatrixSpec;
import io.llmload.sim.SimConfig;
import io.llmload.sim.VllmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, checking and stopping a server's process tree, with /bin/sh standing in for the server. */
class ServerProcessTest {
  @TempDir
  Path tmp;

  /** Waits (bounded) until the shell has started its two children, so the tree is known before the stop. */
  private static List<ProcessHandle> treeOfThree(ServerProcess s) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      List<ProcessHandle> tree = s.tree();
      if (tree.size() >= 3) {
        return tree;
      }
      TimeUnit.MILLISECONDS.sleep(25);
    }
    throw new AssertionError("the shell did not start its two children within 5 s: " + s.tree());
  }

  @Test
  void sigtermStopsTheProcessAndEveryProcessItStarted() throws Exception {
    Path log = tmp.resolve("s.log");
    ServerProcess s = ServerProcess.start(List.of("/bin/sh", "-c", "echo started; sleep 300 & sleep 300 & wait"),
        Map.of(), log);
    List<ProcessHandle> tree = treeOfThree(s);
    String what = s.stop(new MatrixSpec.Stop(null, "TERM", 20), Map.of(), 0);
    assertThat(what).startsWith("SIGTERM to 3 processes; all exited in");
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(Files.readString(log)).contains("started");
  }

  @Test
  void processesThatIgnoreSigtermAreKilledAfterTheGraceTime() throws Exception {
    // an ignored signal stays ignored in the children: neither the shell nor its sleeps end on SIGTERM
    ServerProcess s = ServerProcess.start(List.of("/bin/sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & wait"),
        Map.of(), tmp.resolve("s.log"));
    List<ProcessHandle> tree = treeOfThree(s);
    String what = s.stop(new MatrixSpec.Stop(null, "TERM", 0.5), Map.of(), 0);
    assertThat(what).startsWith("SIGTERM to 3 processes; 3 still running after 0.5 s, killed (SIGKILL)");
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void aStopCommandRunsWithThePortThenWhatIsLeftIsKilled() throws Exception {
    Path log = tmp.resolve("s.log");
    ServerProcess s = ServerProcess.start(List.of("/bin/sh", "-c", "sleep 300 & sleep 300 & wait"), Map.of(), log);
    List<ProcessHandle> tree = treeOfThree(s);
    String what = s.stop(new MatrixSpec.Stop(List.of("/bin/sh", "-c", "echo stop on port $0", "{port}"), "TERM", 0.5),
        Map.of(), 8123);
    assertThat(what).startsWith("stop command (exit 0); 3 still running after 0.5 s, killed (SIGKILL)");
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(Files.readString(log)).contains("stop on port 8123");
  }

  @Test
  void readyWhenHealthThenModelsAnswer() {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().build())) {
      assertThat(ServerReadiness.await(sim.baseUrl(), null, new MatrixSpec.Readiness(10, 50), () -> true)).isNull();
    }
  }

  @Test
  void notReadyNamesTheCheckAndStopsAtOnceWhenTheServerExited() {
    int port = MatrixMain.freePort();
    String exited = ServerReadiness.await("http://127.0.0.1:" + port, null, new MatrixSpec.Readiness(60, 50),
        () -> false);
    assertThat(exited).startsWith("the server process exited before it was ready (/health: ");
    String timeout = ServerReadiness.await("http://127.0.0.1:" + port, null, new MatrixSpec.Readiness(0.3, 50),
        () -> true);
    assertThat(timeout).startsWith("not ready within 0.3 s (GET /health: ConnectException");
  }

  @Test
  void theTailOfALogIsItsLastLines() throws Exception {
    Path log = tmp.resolve("t.log");
    Files.writeString(log, "a\nb\nc\nd\n");
    assertThat(ServerProcess.tail(log, 2)).isEqualTo("c\nd");
    assertThat(ServerProcess.tail(tmp.resolve("none"), 2)).isEmpty();
  }
}
