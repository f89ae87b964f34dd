package dev.ibridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelValidationTest {
  private static final Unit UNIT = new Unit("app 0.1.0", "app", "lib", "x86_64-unknown-linux-gnu");
  private static final Toolchain RUSTC = new Toolchain("rustc", "1.95.0");
  private static final Digest ZERO = Digest.sha256(Bytes.wrap(new byte[32]));

  @Test
  @Tag("REQ-MODEL-001")
  void textRejectsNulAndUnpairedSurrogates() {
    assertThatThrownBy(() -> new Toolchain("rus\0tc", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL at index 3");
    assertThatThrownBy(() -> new Toolchain("a\uD800b", "1"))
        .hasMessageContaining("unpaired surrogate at index 1");
    assertThatThrownBy(() -> new Toolchain("a\uDC00", "1"))
        .hasMessageContaining("unpaired surrogate at index 1");
    assertThatCode(() -> new Toolchain("ok \uD83E\uDD80 é", "1")).doesNotThrowAnyException();
  }

  @Test
  @Tag("REQ-MODEL-002")
  void textLimitCountsUtf8Bytes() {
    String ascii = "a".repeat(Limits.MAX_TEXT_BYTES);
    assertThatCode(() -> new ConfigEntry("k", ascii)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new ConfigEntry("k", ascii + "a"))
        .hasMessageContaining("4097 UTF-8 bytes");
    String threeByte = "€".repeat(Limits.MAX_TEXT_BYTES / 3 + 1);
    assertThatThrownBy(() -> new ConfigEntry("k", threeByte)).hasMessageContaining("UTF-8 bytes");
  }

  @Test
  @Tag("REQ-MODEL-003")
  void codePointOrderAgreesWithUtf8ByteOrder() {
    String bmpHigh = "\uFF61";
    String astral = "\uD83D\uDE00";
    assertThat(bmpHigh.compareTo(astral)).as("UTF-16 order differs").isPositive();
    assertThat(Text.compareCodePoints(bmpHigh, astral)).isNegative();
    assertThat(Text.compareCodePoints("ab", "abc")).isNegative();
    assertThat(Text.compareCodePoints("abc", "abc")).isZero();
  }

  @Test
  @Tag("REQ-MODEL-004")
  void digestLengthMatchesAlgorithm() {
    assertThatThrownBy(() -> Digest.sha256(Bytes.wrap(new byte[31])))
        .hasMessageContaining("must be 32 bytes, got 31");
    Digest d = Digest.parse("sha256:" + "ab".repeat(32));
    assertThat(d.toString()).isEqualTo("sha256:" + "ab".repeat(32));
    assertThatThrownBy(() -> Digest.parse("md5:00")).hasMessageContaining("unknown digest algorithm");
  }

  @ParameterizedTest
  @ValueSource(strings = {"::a", "a::", "a:::b", "a::::b", "a:b", "::"})
  @Tag("REQ-MODEL-005")
  void modulePathRejectsEmptyOrColonSegments(String path) {
    assertThatThrownBy(() -> new Subject(UNIT, path)).hasMessageContaining("modulePath");
  }

  @Test
  @Tag("REQ-MODEL-005")
  void unitFieldsMustNotBeEmpty() {
    assertThatThrownBy(() -> new Unit("", "a", "lib", "t")).hasMessageContaining("packageId");
    assertThat(new Subject(UNIT, "net::http").isWholeUnit()).isFalse();
    assertThat(Subject.of(UNIT).isWholeUnit()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "..", ".", "../etc", "/abs", "a/b", "a\\b", "Analysis", "a..b", "a.", ".a",
        "1abc", "a.1b", "a b", "a\0b", "é"})
  @Tag("REQ-MODEL-006")
  void facetNamesThatCouldFormPathsAreRejected(String name) {
    assertThatThrownBy(() -> new Facet(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Tag("REQ-MODEL-006")
  void facetNamesAcceptCoreAndReverseDns() {
    assertThat(new Facet("analysis").isCore()).isTrue();
    assertThat(new Facet("org.rust-lang.clippy.lints").isCore()).isFalse();
    assertThatCode(() -> new Facet("a".repeat(Limits.MAX_FACET_LENGTH))).doesNotThrowAnyException();
    assertThatThrownBy(() -> new Facet("a".repeat(Limits.MAX_FACET_LENGTH + 1)))
        .hasMessageContaining("more than 128");
  }

  @Test
  @Tag("REQ-MODEL-008")
  void keyMaterialRejectsUnsortedOrDuplicateLists() {
    List<ConfigEntry> unsorted = List.of(new ConfigEntry("b", "1"), new ConfigEntry("a", "1"));
    assertThatThrownBy(() -> material(unsorted, List.of(), List.of()))
        .hasMessageContaining("config is not in canonical order at index 1");
    List<ConfigEntry> duplicate = List.of(new ConfigEntry("a", "1"), new ConfigEntry("a", "2"));
    assertThatThrownBy(() -> material(duplicate, List.of(), List.of()))
        .hasMessageContaining("config has a duplicate entry at index 1");
    List<DirectInput> envFirst =
        List.of(new EnvInput("A", "1"), new FileInput("src/lib.rs", ZERO, 1));
    assertThatThrownBy(() -> material(List.of(), envFirst, List.of()))
        .hasMessageContaining("inputs is not in canonical order");
    List<DirectInput> sameNameBothKinds =
        List.of(new FileInput("X", ZERO, 1), EnvInput.unset("X"));
    assertThatCode(() -> material(List.of(), sameNameBothKinds, List.of()))
        .doesNotThrowAnyException();
  }

  @Test
  @Tag("REQ-MODEL-008")
  void canonicalSortsEveryList() {
    List<ConfigEntry> config = new ArrayList<>();
    List<DirectInput> inputs = new ArrayList<>();
    List<Read> reads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      config.add(new ConfigEntry("k" + i, "v"));
      inputs.add(i % 2 == 0 ? new FileInput("f" + i, ZERO, i) : new EnvInput("E" + i, null));
      reads.add(new Read(new Subject(UNIT, "m" + i), Facet.METADATA, ZERO));
    }
    Collections.shuffle(config, new java.util.Random(1));
    Collections.shuffle(inputs, new java.util.Random(2));
    Collections.shuffle(reads, new java.util.Random(3));
    KeyMaterial km =
        KeyMaterial.canonical(Subject.of(UNIT), Facet.ANALYSIS, RUSTC, config, inputs, reads);
    assertThat(km.inputs().subList(0, 10)).allMatch(FileInput.class::isInstance);
    assertThat(km.config()).isSortedAccordingTo(ConfigEntry.ORDER);
    assertThat(km.reads()).isSortedAccordingTo(Read.ORDER);
    assertThatCode(
            () ->
                new KeyMaterial(
                    1, km.subject(), km.facet(), km.toolchain(), km.config(), km.inputs(), km.reads()))
        .doesNotThrowAnyException();
  }

  @Test
  @Tag("REQ-MODEL-010")
  void outputsMustBeSortedAndUnique() {
    BlobRef blob = new BlobRef(ZERO, 0);
    List<Output> outputs = List.of(new Output("b", blob, true), new Output("a", blob, false));
    KeyMaterial km = material(List.of(), List.of(), List.of());
    assertThatThrownBy(() -> new Record(new Producer("check", "t", "1"), ZERO, km, outputs, ZERO))
        .hasMessageContaining("outputs is not in canonical order");
    assertThat(Record.sortOutputs(outputs)).extracting(Output::name).containsExactly("a", "b");
  }

  @Test
  @Tag("REQ-MODEL-011")
  void sizesAreNonNegative() {
    assertThatThrownBy(() -> new BlobRef(ZERO, -1)).hasMessageContaining("must not be negative");
    assertThatCode(() -> new FileInput("a", ZERO, Long.MAX_VALUE)).doesNotThrowAnyException();
  }

  @Test
  @Tag("REQ-MODEL-012")
  void listLimitsAreEnforced() {
    List<ConfigEntry> tooMany = new ArrayList<>();
    for (int i = 0; i <= Limits.MAX_CONFIG_ENTRIES; i++) {
      tooMany.add(new ConfigEntry(String.format("k%05d", i), ""));
    }
    assertThatThrownBy(() -> material(tooMany, List.of(), List.of()))
        .hasMessageContaining("more than the limit of 4096");
  }

  private static KeyMaterial material(
      List<ConfigEntry> config, List<DirectInput> inputs, List<Read> reads) {
    return new KeyMaterial(1, Subject.of(UNIT), Facet.ANALYSIS, RUSTC, config, inputs, reads);
  }
}
