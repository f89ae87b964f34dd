package dev.ibridge.benchmarks;

import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated workspace for the store benchmarks: unit {@code i} depends on up to three earlier
 * units and has one record per facet in {@link #FACETS}, each with one output blob of
 * {@code blobBytes} bytes of content unique to (unit, facet). Any unit index is valid, so an
 * emit benchmark can keep asking for records the store has never seen. Everything is a pure
 * function of the constructor arguments and the index.
 */
final class SyntheticWorkspace {
  static final List<Facet> FACETS = List.of(Facet.METADATA, Facet.ANALYSIS, Facet.CODEGEN);

  private static final Toolchain TOOLCHAIN = new Toolchain("rustc", "1.95.0 (a1b2c3d4e 2026-01-15)");
  private static final Producer PRODUCER = new Producer("build", "ibridge-bench", "0.1.0");
  private static final List<ConfigEntry> CONFIG =
      List.of(new ConfigEntry("edition", "2021"), new ConfigEntry("profile.opt-level", "0"));
  private static final int MAX_DEPS = 3;

  /** A record ready to emit, with the content of its blobs. */
  record Emission(Record record, Map<Digest, Bytes> blobs) {}

  private final int blobBytes;
  private final long seed;

  SyntheticWorkspace(int blobBytes, long seed) {
    if (blobBytes < 1) {
      throw new IllegalArgumentException("blobBytes must be positive, got " + blobBytes);
    }
    this.blobBytes = blobBytes;
    this.seed = seed;
  }

  Subject subject(int unit) {
    return Subject.of(
        new Unit(
            "path+file:///work/ws/crates/crate-" + unit + "#0.1.0",
            "crate_" + unit,
            "lib",
            "x86_64-unknown-linux-gnu"));
  }

  KeyMaterial keyMaterial(int unit, Facet facet) {
    List<DirectInput> inputs = new ArrayList<>();
    for (String file : List.of("src/lib.rs", "src/model.rs", "src/parse.rs")) {
      String path = "crates/crate-" + unit + "/" + file;
      inputs.add(new FileInput(path, TypicalRecord.labelDigest(path), 2_000 + unit % 997));
    }
    inputs.add(new EnvInput("CARGO_PKG_NAME", "crate-" + unit));
    List<Read> reads = new ArrayList<>();
    for (int dep : dependencies(unit)) {
      reads.add(new Read(subject(dep), Facet.METADATA, Keys.outputFingerprint(outputs(dep, Facet.METADATA))));
    }
    return KeyMaterial.canonical(subject(unit), facet, TOOLCHAIN, CONFIG, inputs, reads);
  }

  Emission emission(int unit, Facet facet) {
    KeyMaterial km = keyMaterial(unit, facet);
    byte[] content = content(unit, facet);
    List<Output> outputs = outputs(unit, facet);
    Record record =
        new Record(PRODUCER, Keys.inputKey(km), km, outputs, Keys.outputFingerprint(outputs));
    return new Emission(record, Map.of(Keys.blobDigest(content), Bytes.wrap(content)));
  }

  private List<Output> outputs(int unit, Facet facet) {
    byte[] content = content(unit, facet);
    return List.of(
        new Output(facet.name() + ".out", new BlobRef(Keys.blobDigest(content), content.length), true));
  }

  private int[] dependencies(int unit) {
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (unit + 1)));
    int count = Math.min(unit, random.nextInt(MAX_DEPS + 1));
    if (count == 0) {
      return new int[0];
    }
    return random.ints(0, unit).distinct().limit(count).sorted().toArray();
  }

  private byte[] content(int unit, Facet facet) {
    byte[] content = new byte[blobBytes];
    new SplittableRandom(seed + 31L * unit + FACETS.indexOf(facet)).nextBytes(content);
    return content;
  }
}
