package dev.ibridge.cli.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoCommandTest {
  @TempDir Path dir;

  private Path executable(Path at) throws IOException {
    Files.createDirectories(at.getParent());
    return Files.createFile(at, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  @Test
  void theFrontComesFromPathBeforeTheRepository() throws IOException {
    Path repo = dir.resolve("repo");
    assertThat(CargoCommand.front(Map.of("PATH", dir.resolve("bin").toString()), Optional.of(repo))).isEmpty();
    Path inRepo = executable(repo.resolve(CargoCommand.IN_REPO));
    assertThat(CargoCommand.front(Map.of("PATH", dir.resolve("bin").toString()), Optional.of(repo))).contains(inRepo);
    Path onPath = executable(dir.resolve("bin").resolve("cargo-ibridge"));
    assertThat(CargoCommand.front(Map.of("PATH", "/nonexistent:" + dir.resolve("bin")), Optional.of(repo))).contains(onPath);
  }

  @Test
  void aFileThatIsNotExecutableIsNotTheFront() throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    Files.createFile(dir.resolve("bin").resolve("cargo-ibridge"));
    assertThat(CargoCommand.front(Map.of("PATH", dir.resolve("bin").toString()), Optional.empty())).isEmpty();
  }

  @Test
  void theArgumentsGoToTheFrontAsCargoPassesThem() {
    assertThat(CargoCommand.command(Path.of("/b/cargo-ibridge"), List.of("check", "-p", "shapes", "--", "--help")))
        .containsExactly("/b/cargo-ibridge", "ibridge", "check", "-p", "shapes", "--", "--help");
  }
}
