package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A bug inside a command is still one line on stderr, with its own exit code. */
class InternalErrorTest {
  @Command(name = "explode")
  static final class Explode implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the impossible happened\nat two lines");
    }
  }

  @Test
  void anUnexpectedExceptionIsOneLineAndExitSeventy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = Cli.commandLine(new Io(new ByteArrayInputStream(new byte[0]), out, err));
    cl.addSubcommand(new Explode());

    int code = cl.execute("explode");

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(70);
    assertThat(out.size()).isZero();
    assertThat(stderr)
        .isEqualTo("ibridge: internal error: java.lang.IllegalStateException: the impossible happened at two lines\n");
  }
}
