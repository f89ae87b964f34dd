package dev.ibridge.conformance.checks;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.conformance.harness.BlobContent;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.ProtocolVersion;
import dev.ibridge.model.Record;
import dev.ibridge.property.Gen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A consistent record with the contents of all its blobs: what a valid emit hands the testee. */
public record Emission(Record record, Map<Digest, Bytes> contents) {
  public Emission {
    Objects.requireNonNull(record, "record");
    contents = Map.copyOf(contents);
  }

  /** One output as a compiler makes it: name, bytes, observable or not. */
  public record Made(String name, Bytes content, boolean observable) {}

  public static Emission of(Producer producer, KeyMaterial material, List<Made> made) {
    List<Output> outputs = new ArrayList<>();
    Map<Digest, Bytes> contents = new LinkedHashMap<>();
    for (Made m : made) {
      Digest digest = Keys.blobDigest(m.content().toByteArray());
      contents.put(digest, m.content());
      outputs.add(new Output(m.name(), new BlobRef(digest, m.content().size()), m.observable()));
    }
    List<Output> sorted = Record.sortOutputs(outputs);
    return new Emission(
        new Record(producer, Keys.inputKey(material), material, sorted, Keys.outputFingerprint(sorted)), contents);
  }

  public Bytes encoded() {
    return Bytes.wrap(CapnpCodec.encodeRecord(record));
  }

  public List<BlobContent> blobs() {
    return contents.values().stream().map(BlobContent::of).toList();
  }

  public Digest key() {
    return record.inputKey();
  }

  public Facet facet() {
    return record.facet();
  }

  /** This emission with another producer: the same record for the store's purposes. */
  public Emission producedBy(Producer producer) {
    Record r = record;
    return new Emission(new Record(producer, r.inputKey(), r.keyMaterial(), r.outputs(), r.outputFingerprint()), contents);
  }

  // ---- generators

  private static final Gen<Bytes> CONTENTS = Gen.frequency(
      Map.entry(6, Gen.bytes(0, 96)), Map.entry(1, Gen.bytes(0, 4096))).map(Bytes::wrap);

  private static final Gen<String> NAMES = Gen.frequency(
      Map.entry(3, Gen.choose("lib.rmeta", "diagnostics.json", "out.o", "dep-info.d")),
      Map.entry(1, ModelGens.nonEmptyTexts()));

  private static final Gen<Made> MADE = d -> new Made(d.draw(NAMES), d.draw(CONTENTS), d.draw(Gen.booleans()));

  /** Lists of outputs with distinct names. */
  public static final Gen<List<Made>> OUTPUTS = Gen.uniqueLists(MADE, Made::name, 0, 4);

  /**
   * Lists of outputs of which two or more name one blob: one content under two to three names,
   * plus zero to two outputs of their own. The targeted scenario of REQ-STORE-094: every case
   * holds a blob that a per-output count would count more than once.
   */
  public static final Gen<List<Made>> SHARING_OUTPUTS = d -> {
    Bytes shared = Bytes.wrap(d.draw(Gen.bytes(1, 512)));
    List<Made> outputs = new ArrayList<>();
    int names = d.draw(Gen.ints(2, 3));
    for (int i = 0; i < names; i++) {
      outputs.add(new Made("shared-" + i + ".bin", shared, d.draw(Gen.booleans())));
    }
    for (Made m : d.draw(Gen.uniqueLists(MADE, Made::name, 0, 2))) {
      if (!m.name().startsWith("shared-")) {
        outputs.add(m);
      }
    }
    return outputs;
  };

  /** Key material of the current protocol major: what a store accepts. */
  public static final Gen<KeyMaterial> MATERIALS = ModelGens.keyMaterials().map(Emission::current);

  public static final Gen<Emission> EMISSIONS =
      d -> of(d.draw(ModelGens.producers()), d.draw(MATERIALS), d.draw(OUTPUTS));

  public static KeyMaterial current(KeyMaterial km) {
    return new KeyMaterial(
        ProtocolVersion.MAJOR, km.subject(), km.facet(), km.toolchain(), km.config(), km.inputs(), km.reads());
  }

  public static KeyMaterial withFacet(KeyMaterial km, Facet facet) {
    return new KeyMaterial(km.protocolMajor(), km.subject(), facet, km.toolchain(), km.config(), km.inputs(), km.reads());
  }

  @Override
  public String toString() {
    return record.facet() + " " + record.inputKey() + " of " + record.subject() + ", " + record.outputs().size()
        + " outputs";
  }
}
