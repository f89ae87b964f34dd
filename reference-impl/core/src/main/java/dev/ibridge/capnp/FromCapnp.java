package dev.ibridge.capnp;

import dev.ibridge.capnp.schema.Ibridge;
import dev.ibridge.codec.DecodeException;
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
import dev.ibridge.model.Limits;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.capnproto.StructList;

/**
 * Cap'n Proto readers into model values. Every pointer is required; a null one is a missing
 * field. Error messages name the field by its path from the root, such as
 * {@code record.keyMaterial.inputs[2].file.path}.
 */
final class FromCapnp {
  private FromCapnp() {}

  @FunctionalInterface
  interface Converter<R, T> {
    T convert(R reader) throws DecodeException;
  }

  static Record record(Ibridge.Record.Reader r) throws DecodeException {
    String path = "record";
    Producer producer = producer(path + ".producer", required(path + ".producer", r.hasProducer(), r::getProducer));
    Digest inputKey = digest(path + ".inputKey", required(path + ".inputKey", r.hasInputKey(), r::getInputKey));
    KeyMaterial keyMaterial = keyMaterial(
        path + ".keyMaterial", required(path + ".keyMaterial", r.hasKeyMaterial(), r::getKeyMaterial));
    present(r.hasOutputs(), path + ".outputs");
    StructList.Reader<Ibridge.Output.Reader> outputList = r.getOutputs();
    checkSize(outputList.size(), Limits.MAX_OUTPUTS, path + ".outputs");
    List<Output> outputs = new ArrayList<>(outputList.size());
    for (int i = 0; i < outputList.size(); i++) {
      outputs.add(output(path + ".outputs[" + i + "]", outputList.get(i)));
    }
    Digest fingerprint = digest(path + ".outputFingerprint",
        required(path + ".outputFingerprint", r.hasOutputFingerprint(), r::getOutputFingerprint));
    return build(path, () -> new Record(producer, inputKey, keyMaterial, outputs, fingerprint));
  }

  static StoreHeader storeHeader(Ibridge.StoreHeader.Reader r) throws DecodeException {
    String path = "storeHeader";
    int major = Short.toUnsignedInt(r.getProtocolMajor());
    int minor = Short.toUnsignedInt(r.getProtocolMinor());
    DigestAlgorithm algorithm = algorithm(path + ".digestAlgorithm", r.getDigestAlgorithm());
    String createdBy = text(path + ".createdBy", r.hasCreatedBy(), r.getCreatedBy());
    return build(path, () -> new StoreHeader(major, minor, algorithm, createdBy));
  }

  static KeyMaterial keyMaterial(Ibridge.KeyMaterial.Reader r) throws DecodeException {
    return keyMaterial("keyMaterial", r);
  }

  private static KeyMaterial keyMaterial(String path, Ibridge.KeyMaterial.Reader r) throws DecodeException {
    int major = Short.toUnsignedInt(r.getProtocolMajor());
    Subject subject = subject(path + ".subject", required(path + ".subject", r.hasSubject(), r::getSubject));
    Facet facet = facet(path + ".facet", r.hasFacet(), r.getFacet());
    present(r.hasToolchain(), path + ".toolchain");
    Ibridge.Toolchain.Reader tr = r.getToolchain();
    String toolchainName = text(path + ".toolchain.name", tr.hasName(), tr.getName());
    String toolchainVersion = text(path + ".toolchain.version", tr.hasVersion(), tr.getVersion());
    Toolchain toolchain = build(path + ".toolchain", () -> new Toolchain(toolchainName, toolchainVersion));

    present(r.hasConfig(), path + ".config");
    StructList.Reader<Ibridge.ConfigEntry.Reader> configList = r.getConfig();
    checkSize(configList.size(), Limits.MAX_CONFIG_ENTRIES, path + ".config");
    List<ConfigEntry> config = new ArrayList<>(configList.size());
    for (int i = 0; i < configList.size(); i++) {
      String at = path + ".config[" + i + "]";
      Ibridge.ConfigEntry.Reader e = configList.get(i);
      String name = text(at + ".name", e.hasName(), e.getName());
      String value = text(at + ".value", e.hasValue(), e.getValue());
      config.add(build(at, () -> new ConfigEntry(name, value)));
    }

    present(r.hasInputs(), path + ".inputs");
    StructList.Reader<Ibridge.DirectInput.Reader> inputList = r.getInputs();
    checkSize(inputList.size(), Limits.MAX_INPUTS, path + ".inputs");
    List<DirectInput> inputs = new ArrayList<>(inputList.size());
    for (int i = 0; i < inputList.size(); i++) {
      inputs.add(directInput(path + ".inputs[" + i + "]", inputList.get(i)));
    }

    present(r.hasReads(), path + ".reads");
    StructList.Reader<Ibridge.Read.Reader> readList = r.getReads();
    checkSize(readList.size(), Limits.MAX_READS, path + ".reads");
    List<Read> reads = new ArrayList<>(readList.size());
    for (int i = 0; i < readList.size(); i++) {
      String at = path + ".reads[" + i + "]";
      Ibridge.Read.Reader rr = readList.get(i);
      Subject readSubject = subject(at + ".subject", required(at + ".subject", rr.hasSubject(), rr::getSubject));
      Facet readFacet = facet(at + ".facet", rr.hasFacet(), rr.getFacet());
      Digest seen = digest(at + ".outputFingerprint",
          required(at + ".outputFingerprint", rr.hasOutputFingerprint(), rr::getOutputFingerprint));
      reads.add(build(at, () -> new Read(readSubject, readFacet, seen)));
    }
    return build(path, () -> new KeyMaterial(major, subject, facet, toolchain, config, inputs, reads));
  }

  private static DirectInput directInput(String path, Ibridge.DirectInput.Reader r) throws DecodeException {
    switch (r.which()) {
      case FILE -> {
        Ibridge.DirectInput.File.Reader f = r.getFile();
        String at = path + ".file";
        String filePath = text(at + ".path", f.hasPath(), f.getPath());
        Digest digest = digest(at + ".digest", required(at + ".digest", f.hasDigest(), f::getDigest));
        long size = size(at + ".size", f.getSize());
        return build(at, () -> new FileInput(filePath, digest, size));
      }
      case ENV -> {
        Ibridge.DirectInput.Env.Reader e = r.getEnv();
        String at = path + ".env";
        String name = text(at + ".name", e.hasName(), e.getName());
        Ibridge.DirectInput.Env.Value.Reader v = e.getValue();
        String value = switch (v.which()) {
          case UNSET -> null;
          case SET -> text(at + ".value.set", v.hasSet(), v.getSet());
          case _NOT_IN_SCHEMA -> throw new DecodeException(
              at + ".value: the union holds a member that version 1 of the schema does not define");
        };
        return build(at, () -> new EnvInput(name, value));
      }
      case _NOT_IN_SCHEMA -> throw new DecodeException(
          path + ": the union holds a member that version 1 of the schema does not define");
    }
    throw new IllegalStateException("unreachable");
  }

  private static Output output(String path, Ibridge.Output.Reader r) throws DecodeException {
    String name = text(path + ".name", r.hasName(), r.getName());
    present(r.hasBlob(), path + ".blob");
    Ibridge.BlobRef.Reader b = r.getBlob();
    Digest digest = digest(path + ".blob.digest", required(path + ".blob.digest", b.hasDigest(), b::getDigest));
    long size = size(path + ".blob.size", b.getSize());
    BlobRef blob = build(path + ".blob", () -> new BlobRef(digest, size));
    boolean observable = r.getObservable();
    return build(path, () -> new Output(name, blob, observable));
  }

  private static Producer producer(String path, Ibridge.Producer.Reader r) throws DecodeException {
    String activity = text(path + ".activity", r.hasActivity(), r.getActivity());
    String tool = text(path + ".tool", r.hasTool(), r.getTool());
    String toolVersion = text(path + ".toolVersion", r.hasToolVersion(), r.getToolVersion());
    return build(path, () -> new Producer(activity, tool, toolVersion));
  }

  private static Subject subject(String path, Ibridge.Subject.Reader r) throws DecodeException {
    present(r.hasUnit(), path + ".unit");
    Ibridge.Unit.Reader u = r.getUnit();
    String packageId = text(path + ".unit.packageId", u.hasPackageId(), u.getPackageId());
    String targetName = text(path + ".unit.targetName", u.hasTargetName(), u.getTargetName());
    String targetKind = text(path + ".unit.targetKind", u.hasTargetKind(), u.getTargetKind());
    String targetTriple = text(path + ".unit.targetTriple", u.hasTargetTriple(), u.getTargetTriple());
    Unit unit = build(path + ".unit", () -> new Unit(packageId, targetName, targetKind, targetTriple));
    String modulePath = text(path + ".modulePath", r.hasModulePath(), r.getModulePath());
    return build(path, () -> new Subject(unit, modulePath));
  }

  private static Digest digest(String path, Ibridge.Digest.Reader r) throws DecodeException {
    DigestAlgorithm algorithm = algorithm(path + ".algorithm", r.getAlgorithm());
    present(r.hasValue(), path + ".value");
    org.capnproto.Data.Reader value = r.getValue();
    if (value.size() != algorithm.length()) {
      throw new DecodeException(path + ".value: a " + algorithm.label() + " digest is " + algorithm.length()
          + " bytes, this one is " + value.size());
    }
    Bytes bytes = Bytes.wrap(value.toArray());
    return build(path, () -> new Digest(algorithm, bytes));
  }

  private static DigestAlgorithm algorithm(String path, Ibridge.DigestAlgorithm a) throws DecodeException {
    return switch (a) {
      case SHA256 -> DigestAlgorithm.SHA256;
      case _NOT_IN_SCHEMA -> throw new DecodeException(
          path + ": the enum value is not defined by version 1 of the schema");
    };
  }

  private static Facet facet(String path, boolean has, org.capnproto.Text.Reader text) throws DecodeException {
    String name = text(path, has, text);
    return build(path, () -> new Facet(name));
  }

  private static long size(String path, long raw) throws DecodeException {
    if (raw < 0) {
      throw new DecodeException(path + ": " + Long.toUnsignedString(raw)
          + " is larger than the largest size a reader must accept, 2^63-1");
    }
    return raw;
  }

  /** Strict UTF-8: malformed input is an error, never replaced. */
  private static String text(String path, boolean has, org.capnproto.Text.Reader text) throws DecodeException {
    present(has, path);
    if (text.size() > Limits.MAX_TEXT_BYTES) {
      throw new DecodeException(path + ": the text is " + text.size() + " bytes, more than the limit of "
          + Limits.MAX_TEXT_BYTES);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(text.asByteBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(path + ": the text is not valid UTF-8 (" + e.getMessage() + ")", -1, e);
    }
  }

  /** Fails when a required pointer is null. */
  private static void present(boolean has, String path) throws DecodeException {
    if (!has) {
      throw new DecodeException(path + ": missing (a null pointer where the protocol requires a value)");
    }
  }

  /** The struct behind a required pointer. */
  private static <T> T required(String path, boolean has, Supplier<T> get) throws DecodeException {
    present(has, path);
    return get.get();
  }

  private static void checkSize(int size, int max, String path) throws DecodeException {
    if (size > max) {
      throw new DecodeException(path + ": the list has " + size + " entries, more than the limit of " + max);
    }
  }

  /** Runs a model constructor and reports its validation errors as decode errors at {@code path}. */
  private static <T> T build(String path, Supplier<T> constructor) throws DecodeException {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new DecodeException(path + ": " + e.getMessage(), -1, e);
    }
  }
}
