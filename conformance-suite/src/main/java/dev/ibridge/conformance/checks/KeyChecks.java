package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.conformance.harness.Fingerprint;
import dev.ibridge.conformance.harness.KeyDerivation;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Read;
import dev.ibridge.property.Gen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Key derivation and output fingerprints (spec/key-derivation.adoc), property-based: the testee
 * derives, from generated material, exactly the key the reference derives. Each sort rule gets
 * material whose list has several entries, so a wrong order cannot hide behind a short list.
 */
final class KeyChecks {
  private KeyChecks() {}

  private static final Set<Operation> DERIVE = Set.of(Operation.DERIVE_KEY);
  private static final Set<Operation> FINGERPRINT = Set.of(Operation.OUTPUT_FINGERPRINT);

  static List<Check> all() {
    return List.of(
        keyCheck(required("REQ-KEY-001.KeysMatchReference",
                "The testee derives the reference's input key from any key material",
                "REQ-KEY-001", "REQ-KEY-002", "REQ-MODEL-003", "REQ-MODEL-008", "REQ-AVRO-001"),
            ModelGens.keyMaterials(), 100),
        keyCheck(required("REQ-KEY-003.SingleBlockArrays",
                "Arrays of the canonical encoding are one block: material with entries in every array",
                "REQ-KEY-003", "REQ-AVRO-001"),
            withAtLeast(1, 1, 1), 60),
        keyCheck(required("REQ-KEY-011.EmptyArraysAreOneByte",
                "Empty arrays of the canonical encoding are the single byte 00: material with no config, inputs or reads",
                "REQ-KEY-011"),
            ModelGens.keyMaterials().map(km -> new KeyMaterial(km.protocolMajor(), km.subject(), km.facet(), km.toolchain(),
                List.of(), List.of(), List.of())), 20),
        keyCheck(required("REQ-KEY-004.ConfigSortedByName",
                "Config entries are hashed sorted by name in code point order",
                "REQ-KEY-004", "REQ-MODEL-003"),
            withAtLeast(2, 0, 0), 60),
        keyCheck(required("REQ-KEY-005.FilesBeforeVariablesSorted",
                "Inputs are hashed files first by path, then variables by name",
                "REQ-KEY-005", "REQ-MODEL-003"),
            withAtLeast(0, 3, 0), 60),
        keyCheck(required("REQ-KEY-006.ReadsSortedBySubjectThenFacet",
                "Reads are hashed sorted by subject, then facet",
                "REQ-KEY-006", "REQ-MODEL-003"),
            withAtLeast(0, 0, 2), 60),
        new PropertyCheck<>(
            required("REQ-KEY-008.UnsetAndEmptyVariablesDiffer",
                "A variable read but unset and one set to the empty string give different keys",
                "REQ-KEY-008"),
            DERIVE, unsetAndEmpty(), 50, 200, KeyChecks::render, (ctx, pair) -> {
              Digest unset = sameKey(ctx, pair.get(0));
              Digest empty = sameKey(ctx, pair.get(1));
              Expect.that(!unset.equals(empty), "an unset variable and an empty one gave the same key " + unset);
            }),
        new PropertyCheck<>(
            required("REQ-FP-001.FingerprintsMatchReference",
                "The testee derives the reference's output fingerprint from outputs given in any order",
                "REQ-FP-001", "REQ-FP-003", "REQ-MODEL-010"),
            FINGERPRINT, shuffledOutputs(), 100, 500, String::valueOf, KeyChecks::sameFingerprint),
        new PropertyCheck<>(
            required("REQ-FP-002.UnobservableOutputsLeftOut",
                "Adding an output that is not observable leaves the fingerprint as it was",
                "REQ-FP-002", "REQ-FP-001"),
            FINGERPRINT, withUnobservable(), 100, 300, String::valueOf, (ctx, pair) -> {
              Digest without = sameFingerprint(ctx, pair.get(0));
              Digest with = sameFingerprint(ctx, pair.get(1));
              Expect.equal(without, with, "the fingerprint after adding an unobservable output");
            }));
  }

  private static PropertyCheck<KeyMaterial> keyCheck(CheckDescriptor d, Gen<KeyMaterial> gen, int tries) {
    return new PropertyCheck<>(d, DERIVE, gen, tries, 500, KeyChecks::render, KeyChecks::sameKey);
  }

  /** Asks the testee for the key of {@code km} and fails unless it is the reference's. */
  static Digest sameKey(CheckContext ctx, KeyMaterial km) throws TesteeException {
    KeyDerivation d = ctx.testee().deriveKey(km);
    byte[] expected = Keys.canonicalBytes(km);
    if (d.canonicalBytes().isPresent()) {
      byte[] shown = d.canonicalBytes().get().toByteArray();
      int at = firstDifference(expected, shown);
      Expect.that(at < 0, "the canonical bytes differ from the reference's at byte " + at + " of " + expected.length
          + " (testee " + shown.length + " bytes): reference " + window(expected, at) + ", testee " + window(shown, at));
    }
    Digest key = Keys.inputKey(km);
    Expect.equal(key, d.inputKey(), "input key");
    return key;
  }

  static Digest sameFingerprint(CheckContext ctx, List<Output> outputs) throws TesteeException {
    Fingerprint f = ctx.testee().outputFingerprint(outputs);
    if (f.canonicalBytes().isPresent()) {
      byte[] expected = Keys.canonicalBytes(Keys.manifest(outputs));
      byte[] shown = f.canonicalBytes().get().toByteArray();
      int at = firstDifference(expected, shown);
      Expect.that(at < 0, "the canonical output manifest differs from the reference's at byte " + at
          + ": reference " + window(expected, at) + ", testee " + window(shown, at));
    }
    Digest expected = Keys.outputFingerprint(outputs);
    Expect.equal(expected, f.outputFingerprint(), "output fingerprint");
    return expected;
  }

  static int firstDifference(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return a.length == b.length ? -1 : n;
  }

  private static String window(byte[] bytes, int at) {
    int from = Math.max(0, at - 4);
    int to = Math.min(bytes.length, at + 12);
    return (from > 0 ? "..." : "") + Bytes.wrap(java.util.Arrays.copyOfRange(bytes, from, to)).hex()
        + (to < bytes.length ? "..." : "");
  }

  /** Material with at least the given numbers of config entries, inputs (files and variables) and reads. */
  static Gen<KeyMaterial> withAtLeast(int config, int inputs, int reads) {
    return d -> {
      KeyMaterial km = d.draw(ModelGens.keyMaterials());
      Map<String, ConfigEntry> cfg = new LinkedHashMap<>();
      km.config().forEach(c -> cfg.put(c.name(), c));
      d.draw(Gen.lists(ModelGens.configEntries(), config, config + 3)).forEach(c -> cfg.putIfAbsent(c.name(), c));
      Map<List<Object>, DirectInput> in = new LinkedHashMap<>();
      km.inputs().forEach(i -> in.put(List.of(i.getClass(), i.name()), i));
      if (inputs > 0) {
        d.draw(Gen.lists(ModelGens.fileInputs(), 1, inputs)).forEach(i -> in.putIfAbsent(List.of(i.getClass(), i.name()), i));
        d.draw(Gen.lists(ModelGens.envInputs(), 1, inputs)).forEach(i -> in.putIfAbsent(List.of(i.getClass(), i.name()), i));
      }
      Map<List<Object>, Read> rd = new LinkedHashMap<>();
      km.reads().forEach(r -> rd.put(List.of(r.subject(), r.facet()), r));
      d.draw(Gen.lists(ModelGens.reads(), reads, reads + 3)).forEach(r -> rd.putIfAbsent(List.of(r.subject(), r.facet()), r));
      KeyMaterial c = KeyMaterial.canonical(km.subject(), km.facet(), km.toolchain(),
          new ArrayList<>(cfg.values()), new ArrayList<>(in.values()), new ArrayList<>(rd.values()));
      return new KeyMaterial(km.protocolMajor(), c.subject(), c.facet(), c.toolchain(), c.config(), c.inputs(), c.reads());
    };
  }

  /** The same material twice, with one variable unset in the first and set to "" in the second. */
  private static Gen<List<KeyMaterial>> unsetAndEmpty() {
    return d -> {
      KeyMaterial km = d.draw(ModelGens.keyMaterials());
      String name = d.draw(Gen.frequency(Map.entry(3, Gen.choose("RUSTFLAGS", "OUT_DIR")), Map.entry(1, ModelGens.nonEmptyTexts())));
      List<KeyMaterial> pair = new ArrayList<>();
      for (EnvInput variable : List.of(EnvInput.unset(name), new EnvInput(name, ""))) {
        List<DirectInput> inputs = new ArrayList<>();
        for (DirectInput i : km.inputs()) {
          if (!(i instanceof EnvInput e && e.name().equals(name))) {
            inputs.add(i);
          }
        }
        inputs.add(variable);
        KeyMaterial c = KeyMaterial.canonical(km.subject(), km.facet(), km.toolchain(), km.config(), inputs, km.reads());
        pair.add(new KeyMaterial(km.protocolMajor(), c.subject(), c.facet(), c.toolchain(), c.config(), c.inputs(), c.reads()));
      }
      return pair;
    };
  }

  private static Gen<List<Output>> shuffledOutputs() {
    return ModelGens.outputLists().flatMap(Gen::shuffle);
  }

  /** Outputs without, then with, one more output that is not observable (a name they do not use). */
  private static Gen<List<List<Output>>> withUnobservable() {
    return d -> {
      List<Output> outputs = d.draw(ModelGens.outputLists());
      BlobRef blob = d.draw(ModelGens.blobRefs());
      String name = d.draw(ModelGens.nonEmptyTexts().filter(n -> outputs.stream().noneMatch(o -> o.name().equals(n))));
      List<Output> more = new ArrayList<>(outputs);
      more.add(new Output(name, blob, false));
      return List.of(outputs, d.draw(Gen.shuffle(more)));
    };
  }

  static String render(Object value) {
    Function<KeyMaterial, String> one = km -> km.facet() + " of " + km.subject() + ": " + km.config().size()
        + " config, " + km.inputs().size() + " inputs (" + km.inputs().stream().filter(i -> i instanceof FileInput).count()
        + " files), " + km.reads().size() + " reads; " + km;
    if (value instanceof KeyMaterial km) {
      return one.apply(km);
    }
    if (value instanceof List<?> l) {
      return l.stream().map(v -> v instanceof KeyMaterial km ? one.apply(km) : String.valueOf(v)).toList().toString();
    }
    return String.valueOf(value);
  }
}
