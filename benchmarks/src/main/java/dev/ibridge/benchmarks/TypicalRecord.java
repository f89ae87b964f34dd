package dev.ibridge.benchmarks;

import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The "typical record" of the codec benchmarks: one crate's analysis facet with 10 direct inputs
 * (8 source files and 2 environment variables), 5 reads of its dependencies' metadata and 3 outputs.
 * Every value is derived from fixed labels, so every run measures the same bytes.
 */
public final class TypicalRecord {
  public static final int INPUTS = 10;
  public static final int READS = 5;
  public static final int OUTPUTS = 3;

  private TypicalRecord() {}

  public static Record build() {
    KeyMaterial km = keyMaterial();
    List<Output> outputs = outputs();
    return new Record(
        new Producer("check", "ibridge-bench", "0.1.0"),
        Keys.inputKey(km),
        km,
        outputs,
        Keys.outputFingerprint(outputs));
  }

  public static KeyMaterial keyMaterial() {
    List<ConfigEntry> config =
        List.of(
            new ConfigEntry("cfg.feature", "default"),
            new ConfigEntry("edition", "2021"),
            new ConfigEntry("profile.debuginfo", "2"),
            new ConfigEntry("profile.opt-level", "0"));
    List<DirectInput> inputs = new ArrayList<>();
    String[] files = {
      "lib.rs", "config.rs", "error.rs", "parse/mod.rs", "parse/lexer.rs", "parse/ast.rs",
      "render.rs", "util.rs"
    };
    for (int i = 0; i < files.length; i++) {
      String path = "crates/app-core/src/" + files[i];
      inputs.add(new FileInput(path, labelDigest(path), 1_024L + 733L * i));
    }
    inputs.add(new EnvInput("CARGO_PKG_VERSION", "0.3.1"));
    inputs.add(EnvInput.unset("APP_CORE_BACKTRACE"));
    List<Read> reads = new ArrayList<>();
    for (String dep : List.of("anyhow", "serde", "itoa", "memchr", "regex-syntax")) {
      Subject s = Subject.of(unit(dep, "1.0." + dep.length()));
      reads.add(new Read(s, Facet.METADATA, labelDigest("metadata of " + dep)));
    }
    return KeyMaterial.canonical(
        Subject.of(unit("app-core", "0.3.1")),
        Facet.ANALYSIS,
        new Toolchain("rustc", "1.95.0 (a1b2c3d4e 2026-01-15)"),
        config,
        inputs,
        reads);
  }

  public static List<Output> outputs() {
    return Record.sortOutputs(
        List.of(
            new Output("lib.rmeta", blob("lib.rmeta", 48_213), true),
            new Output("diagnostics.json", blob("diagnostics.json", 2_204), false),
            new Output("dep-info.d", blob("dep-info.d", 611), false)));
  }

  private static Unit unit(String name, String version) {
    return new Unit(
        "registry+https://github.com/rust-lang/crates.io-index#" + name + "@" + version,
        name.replace('-', '_'),
        "lib",
        "x86_64-unknown-linux-gnu");
  }

  private static BlobRef blob(String name, long size) {
    return new BlobRef(labelDigest("blob " + name), size);
  }

  /** A SHA-256 digest of a label: a realistic, fixed 32-byte value. */
  static Digest labelDigest(String label) {
    return Digest.sha256(Bytes.wrap(DigestAlgorithm.SHA256.hash(label.getBytes(StandardCharsets.UTF_8))));
  }
}
