package dev.ibridge.tools.regen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RustTest {
  @Test
  void rawStringsGetMoreHashesThanTheTextContains() {
    assertThat(Rust.rawString("plain")).isEqualTo("r#\"plain\"#");
    assertThat(Rust.rawString("a \"# b")).isEqualTo("r##\"a \"# b\"##");
    assertThat(Rust.rawString("\"## and \"#")).isEqualTo("r###\"\"## and \"#\"###");
  }

  @Test
  void integersAreGroupedFromTenThousandOn() {
    assertThat(Rust.integer(0)).isEqualTo("0");
    assertThat(Rust.integer(9999)).isEqualTo("9999");
    assertThat(Rust.integer(10_000)).isEqualTo("10_000");
    assertThat(Rust.integer(8_388_608)).isEqualTo("8_388_608");
    assertThat(Rust.integer(123_456)).isEqualTo("123_456");
  }
}
