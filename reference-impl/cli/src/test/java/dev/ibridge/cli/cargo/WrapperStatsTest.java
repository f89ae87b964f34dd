package dev.ibridge.cli.cargo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrapperStatsTest {
  @Test
  void countsEachOutcomeAndItsBytes() {
    WrapperStats s = WrapperStats.of(List.of(
        "hit metadata shapes 6235 977 ",
        "hit codegen geometry 100 2000 ",
        "computed metadata report 6391 248095 ",
        "unrecorded codegen cli 0 5000 tool_failed",
        "passthrough - - 0 413931 build_script",
        "passthrough - - 0 413931 proc-macro",
        ""));
    assertThat(s).isEqualTo(new WrapperStats(2, 1, 1, 2, 6335, 6391));
    assertThat(s.summary()).isEqualTo(
        "ibridge cargo: 2 units hit, 1 computed (+1 not recorded), 2 passed through;"
            + " 6335 bytes restored, 6391 bytes stored");
  }

  @Test
  void noLinesIsAllZero() {
    assertThat(WrapperStats.of(List.of()).summary())
        .isEqualTo("ibridge cargo: 0 units hit, 0 computed, 0 passed through; 0 bytes restored, 0 bytes stored");
  }

  @Test
  void aLineThatIsNotACounterLineIsNamed() {
    assertThatThrownBy(() -> WrapperStats.of(List.of("hit metadata")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hit metadata");
    assertThatThrownBy(() -> WrapperStats.of(List.of("maybe metadata x 1 2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maybe");
    assertThatThrownBy(() -> WrapperStats.of(List.of("hit metadata x many 2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("many");
  }
}
