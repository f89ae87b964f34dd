package dev.ibridge.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.avro.Samples;
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
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  @Tag("REQ-KEY-001")
  void inputKeyIsSha256OfTheCanonicalBytes() throws Exception {
    KeyMaterial km = Samples.fullMaterial();
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(Keys.canonicalBytes(km));
    assertThat(Keys.inputKey(km)).isEqualTo(Digest.sha256(Bytes.of(expected)));
  }

  @Test
  @Tag("REQ-KEY-002")
  void canonicalBytesAreTheAvroBinaryOfKeyMaterial() throws Exception {
    KeyMaterial km = Samples.unicodeMaterial();
    assertThat(Keys.canonicalBytes(km)).isEqualTo(AvroCodec.KEY_MATERIAL.encodeBinary(km));
    assertThat(AvroCodec.KEY_MATERIAL.decodeBinary(Keys.canonicalBytes(km))).isEqualTo(km);
  }

  @Test
  @Tag("REQ-KEY-002")
  @Tag("REQ-KEY-003")
  @Tag("REQ-KEY-008")
  void aHandParseFindsEveryFieldInSchemaOrderAndEachArrayInOneBlock() {
    for (KeyMaterial km : List.of(Samples.fullMaterial(), Samples.unicodeMaterial(), Samples.emptyMaterial(), large())) {
      HandParser p = new HandParser(Keys.canonicalBytes(km));
      assertThat(p.intValue()).isEqualTo(km.protocolMajor());
      p.expectSubject(km.subject());
      assertThat(p.string()).isEqualTo(km.facet().name());
      assertThat(p.string()).isEqualTo(km.toolchain().name());
      assertThat(p.string()).isEqualTo(km.toolchain().version());

      p.singleBlock(km.config().size());
      for (ConfigEntry c : km.config()) {
        assertThat(p.string()).isEqualTo(c.name());
        assertThat(p.string()).isEqualTo(c.value());
      }
      p.blockEnd();

      p.singleBlock(km.inputs().size());
      for (DirectInput input : km.inputs()) {
        if (input instanceof FileInput f) {
          assertThat(p.longValue()).as("union branch of a file").isZero();
          assertThat(p.string()).isEqualTo(f.path());
          p.expectDigest(f.digest());
          assertThat(p.longValue()).isEqualTo(f.size());
        } else {
          EnvInput e = (EnvInput) input;
          assertThat(p.longValue()).as("union branch of a variable").isEqualTo(1);
          assertThat(p.string()).isEqualTo(e.name());
          if (e.value() == null) {
            assertThat(p.longValue()).as("null branch of an unset variable").isZero();
          } else {
            assertThat(p.longValue()).as("string branch of a set variable").isEqualTo(1);
            assertThat(p.string()).isEqualTo(e.value());
          }
        }
      }
      p.blockEnd();

      p.singleBlock(km.reads().size());
      for (Read r : km.reads()) {
        p.expectSubject(r.subject());
        assertThat(p.string()).isEqualTo(r.facet().name());
        p.expectDigest(r.outputFingerprint());
      }
      p.blockEnd();
      p.expectEnd();
    }
  }

  @Test
  @Tag("REQ-KEY-003")
  void anEmptyArrayIsTheSingleByteZero() {
    byte[] bytes = Keys.canonicalBytes(Samples.emptyMaterial());
    assertThat(bytes).endsWith(0, 0, 0);
    HandParser p = new HandParser(bytes);
    p.intValue();
    p.expectSubject(Samples.WHOLE);
    p.string();
    p.string();
    p.string();
    assertThat(p.remaining()).isEqualTo(3);
  }

  @Test
  @Tag("REQ-KEY-001")
  void theKeyChangesWhenAnyFieldChanges() {
    KeyMaterial base = Samples.fullMaterial();
    Map<String, KeyMaterial> variants = new LinkedHashMap<>();
    variants.put("base", base);
    variants.put("protocolMajor", new KeyMaterial(2, base.subject(), base.facet(), base.toolchain(),
        base.config(), base.inputs(), base.reads()));
    Unit u = base.subject().unit();
    variants.put("packageId", with(base, new Subject(new Unit(u.packageId() + "x", u.targetName(),
        u.targetKind(), u.targetTriple()), base.subject().modulePath())));
    variants.put("targetName", with(base, new Subject(new Unit(u.packageId(), u.targetName() + "x",
        u.targetKind(), u.targetTriple()), base.subject().modulePath())));
    variants.put("targetKind", with(base, new Subject(new Unit(u.packageId(), u.targetName(),
        "bin", u.targetTriple()), base.subject().modulePath())));
    variants.put("targetTriple", with(base, new Subject(new Unit(u.packageId(), u.targetName(),
        u.targetKind(), "wasm32-unknown-unknown"), base.subject().modulePath())));
    variants.put("modulePath", with(base, new Subject(u, "parser")));
    variants.put("whole unit", with(base, Subject.of(u)));
    variants.put("facet", new KeyMaterial(1, base.subject(), Facet.CODEGEN, base.toolchain(),
        base.config(), base.inputs(), base.reads()));
    variants.put("toolchain name", new KeyMaterial(1, base.subject(), base.facet(),
        new Toolchain("gccrs", base.toolchain().version()), base.config(), base.inputs(), base.reads()));
    variants.put("toolchain version", new KeyMaterial(1, base.subject(), base.facet(),
        new Toolchain("rustc", "1.96.0"), base.config(), base.inputs(), base.reads()));
    variants.put("config value", config(base, l -> replace(l, 0, new ConfigEntry(l.get(0).name(), "1"))));
    variants.put("config removed", config(base, l -> l.subList(1, l.size())));
    variants.put("config added", config(base, l -> append(l, new ConfigEntry("zzz", ""))));
    variants.put("file digest", inputs(base, l -> replaceFile(l, f -> new FileInput(f.path(), Samples.digest(0x99), f.size()))));
    variants.put("file size", inputs(base, l -> replaceFile(l, f -> new FileInput(f.path(), f.digest(), f.size() + 1))));
    variants.put("file path", inputs(base, l -> replaceFile(l, f -> new FileInput("src/a.rs", f.digest(), f.size()))));
    variants.put("env unset -> empty", inputs(base, l -> replaceEnv(l, "RUSTFLAGS", new EnvInput("RUSTFLAGS", ""))));
    variants.put("env value", inputs(base, l -> replaceEnv(l, "CARGO_PKG_NAME", new EnvInput("CARGO_PKG_NAME", "core2"))));
    variants.put("env removed", inputs(base, l -> l.subList(0, l.size() - 1)));
    variants.put("read fingerprint", reads(base, l -> replace(l, 0, new Read(l.get(0).subject(), l.get(0).facet(), Samples.digest(0x98)))));
    variants.put("read facet", reads(base, l -> replace(l, 0, new Read(l.get(0).subject(), Facet.DOC, l.get(0).outputFingerprint()))));
    variants.put("read subject", reads(base, l -> replace(l, 0, new Read(Samples.UNICODE_MODULE, l.get(0).facet(), l.get(0).outputFingerprint()))));
    variants.put("read removed", reads(base, l -> l.subList(1, l.size())));

    Map<Digest, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, KeyMaterial> v : variants.entrySet()) {
      String clash = seen.put(Keys.inputKey(v.getValue()), v.getKey());
      assertThat(clash).as("variant '%s' has the same key as '%s'", v.getKey(), clash).isNull();
    }
    assertThat(seen).hasSize(variants.size());
  }

  @Test
  @Tag("REQ-KEY-004")
  @Tag("REQ-KEY-005")
  @Tag("REQ-KEY-006")
  void theKeyDoesNotDependOnTheOrderListsAreGivenIn() {
    long seed = Long.getLong("ibridge.seed", System.nanoTime());
    Random random = new Random(seed);
    KeyMaterial base = large();
    Digest expected = Keys.inputKey(base);
    try {
      for (int i = 0; i < 20; i++) {
        List<ConfigEntry> config = new ArrayList<>(base.config());
        List<DirectInput> inputs = new ArrayList<>(base.inputs());
        List<Read> reads = new ArrayList<>(base.reads());
        Collections.shuffle(config, random);
        Collections.shuffle(inputs, random);
        Collections.shuffle(reads, random);
        KeyMaterial shuffled = KeyMaterial.canonical(base.subject(), base.facet(), base.toolchain(), config, inputs, reads);
        assertThat(shuffled).isEqualTo(base);
        assertThat(Keys.inputKey(shuffled)).isEqualTo(expected);
      }
    } catch (AssertionError e) {
      fail("seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test -Dtest=KeysTest "
          + "-Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + seed, e);
    }
  }

  @Test
  @Tag("REQ-KEY-004")
  void codePointOrderIsUtf8ByteOrderNotUtf16Order() {
    // U+FF61 sorts before U+1F980 by code point, but after its UTF-16 high surrogate D83E.
    KeyMaterial km = KeyMaterial.canonical(Samples.WHOLE, Facet.METADATA, Samples.RUSTC,
        List.of(new ConfigEntry("\uD83E\uDD80", "crab"), new ConfigEntry("\uFF61", "dot")),
        List.of(), List.of());
    assertThat(km.config().get(0).name()).isEqualTo("\uFF61");
    byte[] a = km.config().get(0).name().getBytes(StandardCharsets.UTF_8);
    byte[] b = km.config().get(1).name().getBytes(StandardCharsets.UTF_8);
    assertThat(java.util.Arrays.compareUnsigned(a, b)).isNegative();
  }

  @Test
  @Tag("REQ-FP-001")
  @Tag("REQ-FP-002")
  @Tag("REQ-FP-003")
  void outputFingerprintCoversObservableOutputsSortedByName() throws Exception {
    Output rmeta = new Output("lib.rmeta", new BlobRef(Samples.digest(1), 100), true);
    Output diag = new Output("diagnostics.json", new BlobRef(Samples.digest(2), 5), true);
    Output log = new Output("timings.log", new BlobRef(Samples.digest(3), 9), false);
    Digest fp = Keys.outputFingerprint(List.of(rmeta, diag, log));

    var manifest = Keys.manifest(List.of(log, rmeta, diag));
    assertThat(manifest.protocolMajor()).isEqualTo(1);
    assertThat(manifest.outputs()).extracting(o -> o.name()).containsExactly("diagnostics.json", "lib.rmeta");
    byte[] pre = AvroCodec.OUTPUT_MANIFEST.encodeBinary(manifest);
    assertThat(Keys.canonicalBytes(manifest)).isEqualTo(pre);
    assertThat(fp.value().toByteArray()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(pre));

    assertThat(Keys.outputFingerprint(List.of(diag, rmeta))).as("unobservable output left out").isEqualTo(fp);
    assertThat(Keys.outputFingerprint(List.of(rmeta, diag,
        new Output("timings.log", new BlobRef(Samples.digest(4), 10), false)))).isEqualTo(fp);
    assertThat(Keys.outputFingerprint(List.of(rmeta,
        new Output("diagnostics.json", new BlobRef(Samples.digest(2), 6), true)))).isNotEqualTo(fp);
    assertThat(Keys.outputFingerprint(List.of(rmeta,
        new Output("diagnostics.json", new BlobRef(Samples.digest(7), 5), true)))).isNotEqualTo(fp);
    assertThat(Keys.outputFingerprint(List.of(rmeta,
        new Output("diagnostic.json", new BlobRef(Samples.digest(2), 5), true)))).isNotEqualTo(fp);
    assertThat(Keys.outputFingerprint(List.of(rmeta, diag, new Output("timings.log", log.blob(), true))))
        .as("the same output made observable").isNotEqualTo(fp);
    assertThat(Keys.outputFingerprint(List.of())).isNotEqualTo(fp);
  }

  @Test
  @Tag("REQ-FP-003")
  void twoOutputsWithOneNameAreACallerBug() {
    Output a = new Output("x", new BlobRef(Samples.digest(1), 1), true);
    Output b = new Output("x", new BlobRef(Samples.digest(2), 1), true);
    assertThatThrownBy(() -> Keys.outputFingerprint(List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
  }

  @Test
  @Tag("REQ-FP-004")
  void subjectDigestIsSha256OfTheSubjectsAvroBinary() throws Exception {
    Set<Digest> digests = new HashSet<>();
    for (Subject s : List.of(Samples.WHOLE, Samples.MODULE, Samples.UNICODE_MODULE, Subject.of(Samples.UNICODE_BIN))) {
      byte[] expected = MessageDigest.getInstance("SHA-256").digest(AvroCodec.SUBJECT.encodeBinary(s));
      assertThat(Keys.subjectDigest(s).value().toByteArray()).isEqualTo(expected);
      digests.add(Keys.subjectDigest(s));
    }
    assertThat(digests).hasSize(4);
  }

  @Test
  @Tag("REQ-FP-005")
  void blobDigestIsSha256OfTheContent() {
    // The FIPS 180-2 example: SHA-256("abc").
    assertThat(Keys.blobDigest("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(Digest.parse("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  }

  /** Material with thousands of entries: more than any encoder buffer or block size. */
  static KeyMaterial large() {
    List<ConfigEntry> config = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      config.add(new ConfigEntry("cfg-" + i, "v".repeat(i % 7)));
    }
    List<DirectInput> inputs = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      inputs.add(new FileInput("src/m" + i + ".rs", Samples.digest(i), i));
      if (i % 10 == 0) {
        inputs.add(i % 20 == 0 ? EnvInput.unset("VAR_" + i) : new EnvInput("VAR_" + i, "x" + i));
      }
    }
    List<Read> reads = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      reads.add(new Read(Subject.of(new Unit("pkg-" + i, "t", "lib", "x")), Facet.METADATA, Samples.digest(i)));
    }
    return KeyMaterial.canonical(Samples.MODULE, Facet.ANALYSIS, Samples.RUSTC, config, inputs, reads);
  }

  private static KeyMaterial with(KeyMaterial b, Subject s) {
    return new KeyMaterial(b.protocolMajor(), s, b.facet(), b.toolchain(), b.config(), b.inputs(), b.reads());
  }

  private static KeyMaterial config(KeyMaterial b, UnaryOperator<List<ConfigEntry>> f) {
    return KeyMaterial.canonical(b.subject(), b.facet(), b.toolchain(), f.apply(b.config()), b.inputs(), b.reads());
  }

  private static KeyMaterial inputs(KeyMaterial b, UnaryOperator<List<DirectInput>> f) {
    return KeyMaterial.canonical(b.subject(), b.facet(), b.toolchain(), b.config(), f.apply(b.inputs()), b.reads());
  }

  private static KeyMaterial reads(KeyMaterial b, UnaryOperator<List<Read>> f) {
    return KeyMaterial.canonical(b.subject(), b.facet(), b.toolchain(), b.config(), b.inputs(), f.apply(b.reads()));
  }

  private static <T> List<T> replace(List<T> l, int i, T v) {
    List<T> copy = new ArrayList<>(l);
    copy.set(i, v);
    return copy;
  }

  private static <T> List<T> append(List<T> l, T v) {
    List<T> copy = new ArrayList<>(l);
    copy.add(v);
    return copy;
  }

  private static List<DirectInput> replaceFile(List<DirectInput> l, UnaryOperator<FileInput> f) {
    List<DirectInput> copy = new ArrayList<>(l);
    copy.set(0, f.apply((FileInput) copy.get(0)));
    return copy;
  }

  private static List<DirectInput> replaceEnv(List<DirectInput> l, String name, EnvInput v) {
    List<DirectInput> copy = new ArrayList<>(l);
    copy.replaceAll(i -> i instanceof EnvInput e && e.name().equals(name) ? v : i);
    return copy;
  }
}
