package dev.ibridge.store;

import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds key material and records the way an emitter would, through the key derivation. */
final class Fixtures {
  static final Toolchain RUSTC = new Toolchain("rustc", "1.95.0 (abc 2026-01-01)");
  static final Producer CHECK = new Producer("check", "cargo", "1.95.0");
  static final Producer CLIPPY = new Producer("clippy", "clippy-driver", "0.1.95");

  private Fixtures() {}

  static Subject subject(String crate) {
    return Subject.of(new Unit("path+file:///ws/" + crate + "#0.1.0", crate, "lib", "x86_64-unknown-linux-gnu"));
  }

  static Digest digestOf(String text) {
    return Keys.blobDigest(text.getBytes(StandardCharsets.UTF_8));
  }

  static FileInput file(String path, String content) {
    return new FileInput(path, digestOf(content), content.length());
  }

  static KeyMaterial material(Subject s, Facet f, List<ConfigEntry> config, List<DirectInput> inputs, List<Read> reads) {
    return KeyMaterial.canonical(s, f, RUSTC, config, inputs, reads);
  }

  static KeyMaterial material(Subject s, Facet f, String source) {
    return material(s, f, List.of(new ConfigEntry("profile.opt-level", "0")), List.of(file("src/lib.rs", source)), List.of());
  }

  /** A record with its outputs and the blob contents it needs, ready to emit. */
  record Emission(Record record, Map<Digest, Bytes> blobs) {
    Digest key() {
      return record.inputKey();
    }
  }

  /** Outputs named by {@code contents}' keys; names starting with {@code ~} are not observable. */
  static Emission emission(Producer producer, KeyMaterial km, Map<String, String> contents) {
    List<Output> outputs = new ArrayList<>();
    Map<Digest, Bytes> blobs = new LinkedHashMap<>();
    contents.forEach((name, content) -> {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      Digest d = Keys.blobDigest(bytes);
      blobs.put(d, Bytes.of(bytes));
      outputs.add(new Output(name, new BlobRef(d, bytes.length), !name.startsWith("~")));
    });
    List<Output> sorted = Record.sortOutputs(outputs);
    Record r = new Record(producer, Keys.inputKey(km), km, sorted, Keys.outputFingerprint(sorted));
    return new Emission(r, blobs);
  }

  static Emission emission(KeyMaterial km, String content) {
    return emission(CHECK, km, Map.of("out", content));
  }
}
