package dev.ibridge.cli.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoCommandTest {
  @TempDir Path dir;

  @Test
  void theStoreFollowsTheSpecsOrderOfLocations() {
    Path wd = Path.of("/w/ws");
    assertThat(CargoCommand.store(Map.of("IBRIDGE_STORE", "s", "CARGO_TARGET_DIR", "/t"), wd))
        .isEqualTo(Path.of("/w/ws/s"));
    assertThat(CargoCommand.store(Map.of("IBRIDGE_STORE", "", "CARGO_TARGET_DIR", "/t"), wd))
        .isEqualTo(Path.of("/t/ibridge"));
    assertThat(CargoCommand.store(Map.of("CARGO_TARGET_DIR", "out"), wd)).isEqualTo(Path.of("/w/ws/out/ibridge"));
    assertThat(CargoCommand.store(Map.of(), wd)).isEqualTo(Path.of("/w/ws/target/ibridge"));
  }

  @Test
  void theCountersLiveNextToTheStoreNotInsideIt() {
    assertThat(CargoCommand.statsFile(Path.of("/w/target/ibridge")))
        .isEqualTo(Path.of("/w/target/ibridge-wrapper/wrapper-stats"));
  }

  @Test
  void theWrapperComesFromTheEnvironmentOrTheRepository() throws IOException {
    Path exe = Files.createFile(dir.resolve("w"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertThat(CargoCommand.wrapper(Map.of("IBRIDGE_RUSTC_WRAPPER", exe.toString()), Optional.empty())).contains(exe);

    Path inRepo = dir.resolve("repo").resolve(CargoCommand.WRAPPER_IN_REPO);
    Files.createDirectories(inRepo.getParent());
    assertThat(CargoCommand.wrapper(Map.of(), Optional.of(dir.resolve("repo")))).isEmpty();
    Files.copy(exe, inRepo);
    assertThat(CargoCommand.wrapper(Map.of(), Optional.of(dir.resolve("repo")))).contains(inRepo);
  }

  @Test
  void aMissingWrapperSaysHowToBuildIt() {
    Map<String, String> env = Map.of("IBRIDGE_RUSTC_WRAPPER", dir.resolve("none").toString());
    assertThat(CargoCommand.wrapper(env, Optional.empty())).isEmpty();
    assertThat(CargoCommand.missingWrapper(env, Optional.empty()))
        .contains(dir.resolve("none").toString())
        .contains("cargo build --release");
  }

  @Test
  void onlyTheLinesOfThisRunAreCounted() throws IOException {
    Path stats = dir.resolve("wrapper-stats");
    Files.writeString(stats, "hit metadata a 1 1 \n");
    long before = Files.size(stats);
    Files.writeString(stats, "computed metadata b 2 2 \n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(CargoCommand.linesAfter(stats, before)).containsExactly("computed metadata b 2 2 ");
    assertThat(CargoCommand.linesAfter(dir.resolve("absent"), 0)).isEmpty();
  }
}
