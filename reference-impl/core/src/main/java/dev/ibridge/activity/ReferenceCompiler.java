package dev.ibridge.activity;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference "compiler": a pure function of the key material and the source text, with a
 * notion of interface. Every facet yields one observable output named after the facet, whose bytes
 * depend on the subject, facet, toolchain, config entries, read fingerprints and the observed part
 * of the sources (only the interface part when the rule observes {@link Observes#INTERFACE}). A
 * facet that reads sources also yields a non-observable {@code source-map}, which depends on the
 * full source digests only, so the facets of one subject share that blob.
 */
public final class ReferenceCompiler implements Compiler {
  private static final int MIN_OUTPUT_BYTES = 256;
  private static final int OUTPUT_BYTES_SPREAD = 1792;

  @Override
  public List<ComputedOutput> compute(FacetRule rule, KeyMaterial material, List<SourceFile> sources) {
    if (!rule.facet().equals(material.facet())) {
      throw new IllegalArgumentException("rule for " + rule.facet() + " used on material for " + material.facet());
    }
    List<DirectInput> expected = rule.sources()
        ? sources.stream().<DirectInput>map(SourceFile::fileInput).sorted(DirectInput.ORDER).toList()
        : List.of();
    if (!expected.equals(material.inputs())) {
      throw new IllegalArgumentException(
          "the source files given do not match the file inputs of the key material for "
              + material.facet() + " of " + describe(material.subject()));
    }
    Sha256 h = Sha256.start()
        .add("ibridge reference compiler")
        .add(material.facet().name())
        .add(describe(material.subject()))
        .add(material.toolchain().name())
        .add(material.toolchain().version());
    for (ConfigEntry c : material.config()) {
      h.add(c.name()).add(c.value());
    }
    List<SourceFile> sorted = sources.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
    for (SourceFile f : sorted) {
      h.add(f.path()).add(f.interfacePart());
      if (rule.observes() == Observes.FULL) {
        h.add(f.body());
      }
    }
    for (Read r : material.reads()) {
      h.add(describe(r.subject())).add(r.facet().name()).add(r.outputFingerprint().toString());
    }
    Bytes seed = h.finish();
    List<ComputedOutput> outputs = new ArrayList<>();
    outputs.add(new ComputedOutput(material.facet().name(), Sha256.expand(seed, sizeFrom(seed)), true));
    if (rule.sources()) {
      Sha256 map = Sha256.start().add("source-map");
      for (SourceFile f : sorted) {
        map.add(f.path()).add(f.fileInput().digest().toString());
      }
      Bytes mapSeed = map.finish();
      outputs.add(new ComputedOutput("source-map", Sha256.expand(mapSeed, 32 + sizeFrom(mapSeed) / 8), false));
    }
    return outputs;
  }

  private static int sizeFrom(Bytes seed) {
    int bits = ((seed.get(0) & 0xFF) << 8) | (seed.get(1) & 0xFF);
    return MIN_OUTPUT_BYTES + bits % OUTPUT_BYTES_SPREAD;
  }

  static String describe(Subject s) {
    String unit = s.unit().packageId() + " " + s.unit().targetName() + " " + s.unit().targetKind()
        + " " + s.unit().targetTriple();
    return s.isWholeUnit() ? unit : unit + " " + s.modulePath();
  }
}
