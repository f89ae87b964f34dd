package dev.ibridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
  private static final Path CWD = Path.of("/ws/project");

  @Test
  void theOptionWinsOverTheEnvironment() {
    Map<String, String> env = Map.of("IBRIDGE_STORE", "/from/env", "CARGO_TARGET_DIR", "/t");
    assertThat(StoreLocation.resolve(Optional.of(Path.of("mine")), env, CWD)).isEqualTo(Path.of("/ws/project/mine"));
  }

  @Test
  void theStoreVariableWinsOverCargosTargetDirectory() {
    Map<String, String> env = Map.of("IBRIDGE_STORE", "/from/env", "CARGO_TARGET_DIR", "/t");
    assertThat(StoreLocation.resolve(Optional.empty(), env, CWD)).isEqualTo(Path.of("/from/env"));
  }

  @Test
  void theDefaultIsIbridgeInsideCargosTargetDirectory() {
    assertThat(StoreLocation.resolve(Optional.empty(), Map.of("CARGO_TARGET_DIR", "../shared-target"), CWD))
        .isEqualTo(Path.of("/ws/shared-target/ibridge"));
    assertThat(StoreLocation.resolve(Optional.empty(), Map.of(), CWD)).isEqualTo(Path.of("/ws/project/target/ibridge"));
    assertThat(StoreLocation.resolve(Optional.empty(), Map.of("IBRIDGE_STORE", "", "CARGO_TARGET_DIR", ""), CWD))
        .isEqualTo(Path.of("/ws/project/target/ibridge"));
  }
}
