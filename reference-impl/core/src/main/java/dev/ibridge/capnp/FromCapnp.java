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
import java.nio.ByteBuffer;
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
 * {@code record.keyMaterial.inputs[2].file.path}; the path's text is built only for an error.
 */
final class FromCapnp {
  private static final FieldPath RECORD = FieldPath.root("record");
  private static final FieldPath STORE_HEADER = FieldPath.root("storeHeader");
  private static final FieldPath KEY_MATERIAL = FieldPath.root("keyMaterial");
  private static final FieldPath RECORD_KEY_MATERIAL = RECORD.field("keyMaterial");
  private static final FieldPath RECORD_PRODUCER = RECORD.field("producer");
  private static final FieldPath RECORD_OUTPUTS = RECORD.field("outputs");

  private FromCapnp() {}

  @FunctionalInterface
  interface Converter<R, T> {
    T convert(R reader) throws DecodeException;
  }

  static Record record(Ibridge.Record.Reader r) throws DecodeException {
    FieldPath path = RECORD;
    present(r.hasProducer(), path, "producer");
    Producer producer = producer(RECORD_PRODUCER, r.getProducer());
    present(r.hasInputKey(), path, "inputKey");
    Digest inputKey = digest(path, "inputKey", r.getInputKey());
    present(r.hasKeyMaterial(), path, "keyMaterial");
    KeyMaterial keyMaterial = keyMaterial(RECORD_KEY_MATERIAL, r.getKeyMaterial());
    present(r.hasOutputs(), path, "outputs");
    StructList.Reader<Ibridge.Output.Reader> outputList = r.getOutputs();
    checkSize(outputList.size(), Limits.MAX_OUTPUTS, path, "outputs");
    List<Output> outputs = new ArrayList<>(outputList.size());
    for (int i = 0; i < outputList.size(); i++) {
      outputs.add(output(RECORD_OUTPUTS.at(i), outputList.get(i)));
    }
    present(r.hasOutputFingerprint(), path, "outputFingerprint");
    Digest fingerprint = digest(path, "outputFingerprint", r.getOutputFingerprint());
    return build(path, () -> new Record(producer, inputKey, keyMaterial, outputs, fingerprint));
  }

  static StoreHeader storeHeader(Ibridge.StoreHeader.Reader r) throws DecodeException {
    FieldPath path = STORE_HEADER;
    int major = Short.toUnsignedInt(r.getProtocolMajor());
    int minor = Short.toUnsignedInt(r.getProtocolMinor());
    DigestAlgorithm algorithm = algorithm(path, "digestAlgorithm", r.getDigestAlgorithm());
    String createdBy = text(path, "createdBy", r.hasCreatedBy(), r.getCreatedBy());
    return build(path, () -> new StoreHeader(major, minor, algorithm, createdBy));
  }

  static KeyMaterial keyMaterial(Ibridge.KeyMaterial.Reader r) throws DecodeException {
    return keyMaterial(KEY_MATERIAL, r);
  }

  private static KeyMaterial keyMaterial(FieldPath path, Ibridge.KeyMaterial.Reader r) throws DecodeException {
    int major = Short.toUnsignedInt(r.getProtocolMajor());
    present(r.hasSubject(), path, "subject");
    Subject subject = subject(path.field("subject"), r.getSubject());
    Facet facet = facet(path, "facet", r.hasFacet(), r.getFacet());
    present(r.hasToolchain(), path, "toolchain");
    Ibridge.Toolchain.Reader tr = r.getToolchain();
    FieldPath toolchainPath = path.field("toolchain");
    String toolchainName = text(toolchainPath, "name", tr.hasName(), tr.getName());
    String toolchainVersion = text(toolchainPath, "version", tr.hasVersion(), tr.getVersion());
    Toolchain toolchain = build(toolchainPath, () -> new Toolchain(toolchainName, toolchainVersion));

    present(r.hasConfig(), path, "config");
    StructList.Reader<Ibridge.ConfigEntry.Reader> configList = r.getConfig();
    checkSize(configList.size(), Limits.MAX_CONFIG_ENTRIES, path, "config");
    FieldPath configPath = path.field("config");
    List<ConfigEntry> config = new ArrayList<>(configList.size());
    for (int i = 0; i < configList.size(); i++) {
      FieldPath at = configPath.at(i);
      Ibridge.ConfigEntry.Reader e = configList.get(i);
      String name = text(at, "name", e.hasName(), e.getName());
      String value = text(at, "value", e.hasValue(), e.getValue());
      config.add(build(at, () -> new ConfigEntry(name, value)));
    }

    present(r.hasInputs(), path, "inputs");
    StructList.Reader<Ibridge.DirectInput.Reader> inputList = r.getInputs();
    checkSize(inputList.size(), Limits.MAX_INPUTS, path, "inputs");
    FieldPath inputsPath = path.field("inputs");
    List<DirectInput> inputs = new ArrayList<>(inputList.size());
    for (int i = 0; i < inputList.size(); i++) {
      inputs.add(directInput(inputsPath.at(i), inputList.get(i)));
    }

    present(r.hasReads(), path, "reads");
    StructList.Reader<Ibridge.Read.Reader> readList = r.getReads();
    checkSize(readList.size(), Limits.MAX_READS, path, "reads");
    FieldPath readsPath = path.field("reads");
    List<Read> reads = new ArrayList<>(readList.size());
    for (int i = 0; i < readList.size(); i++) {
      FieldPath at = readsPath.at(i);
      Ibridge.Read.Reader rr = readList.get(i);
      present(rr.hasSubject(), at, "subject");
      Subject readSubject = subject(at.field("subject"), rr.getSubject());
      Facet readFacet = facet(at, "facet", rr.hasFacet(), rr.getFacet());
      present(rr.hasOutputFingerprint(), at, "outputFingerprint");
      Digest seen = digest(at, "outputFingerprint", rr.getOutputFingerprint());
      reads.add(build(at, () -> new Read(readSubject, readFacet, seen)));
    }
    return build(path, () -> new KeyMaterial(major, subject, facet, toolchain, config, inputs, reads));
  }

  private static DirectInput directInput(FieldPath path, Ibridge.DirectInput.Reader r) throws DecodeException {
    switch (r.which()) {
      case FILE -> {
        Ibridge.DirectInput.File.Reader f = r.getFile();
        FieldPath at = path.field("file");
        String filePath = text(at, "path", f.hasPath(), f.getPath());
        present(f.hasDigest(), at, "digest");
        Digest digest = digest(at, "digest", f.getDigest());
        long size = size(at, "size", f.getSize());
        return build(at, () -> new FileInput(filePath, digest, size));
      }
      case ENV -> {
        Ibridge.DirectInput.Env.Reader e = r.getEnv();
        FieldPath at = path.field("env");
        String name = text(at, "name", e.hasName(), e.getName());
        Ibridge.DirectInput.Env.Value.Reader v = e.getValue();
        String value = switch (v.which()) {
          case UNSET -> null;
          case SET -> text(at, "value.set", v.hasSet(), v.getSet());
          case _NOT_IN_SCHEMA -> throw new DecodeException(
              at.to("value") + ": the union holds a member that version 1 of the schema does not define");
        };
        return build(at, () -> new EnvInput(name, value));
      }
      case _NOT_IN_SCHEMA -> throw new DecodeException(
          path + ": the union holds a member that version 1 of the schema does not define");
    }
    throw new IllegalStateException("unreachable");
  }

  private static Output output(FieldPath path, Ibridge.Output.Reader r) throws DecodeException {
    String name = text(path, "name", r.hasName(), r.getName());
    present(r.hasBlob(), path, "blob");
    Ibridge.BlobRef.Reader b = r.getBlob();
    FieldPath blobPath = path.field("blob");
    present(b.hasDigest(), blobPath, "digest");
    Digest digest = digest(blobPath, "digest", b.getDigest());
    long size = size(blobPath, "size", b.getSize());
    BlobRef blob = build(blobPath, () -> new BlobRef(digest, size));
    boolean observable = r.getObservable();
    return build(path, () -> new Output(name, blob, observable));
  }

  private static Producer producer(FieldPath path, Ibridge.Producer.Reader r) throws DecodeException {
    String activity = text(path, "activity", r.hasActivity(), r.getActivity());
    String tool = text(path, "tool", r.hasTool(), r.getTool());
    String toolVersion = text(path, "toolVersion", r.hasToolVersion(), r.getToolVersion());
    return build(path, () -> new Producer(activity, tool, toolVersion));
  }

  private static Subject subject(FieldPath path, Ibridge.Subject.Reader r) throws DecodeException {
    present(r.hasUnit(), path, "unit");
    Ibridge.Unit.Reader u = r.getUnit();
    FieldPath unitPath = path.field("unit");
    String packageId = text(unitPath, "packageId", u.hasPackageId(), u.getPackageId());
    String targetName = text(unitPath, "targetName", u.hasTargetName(), u.getTargetName());
    String targetKind = text(unitPath, "targetKind", u.hasTargetKind(), u.getTargetKind());
    String targetTriple = text(unitPath, "targetTriple", u.hasTargetTriple(), u.getTargetTriple());
    Unit unit = build(unitPath, () -> new Unit(packageId, targetName, targetKind, targetTriple));
    String modulePath = text(path, "modulePath", r.hasModulePath(), r.getModulePath());
    return build(path, () -> new Subject(unit, modulePath));
  }

  /** The digest in the field {@code field} of the struct at {@code parent}. */
  private static Digest digest(FieldPath parent, String field, Ibridge.Digest.Reader r) throws DecodeException {
    DigestAlgorithm algorithm = algorithm(parent, field + ".algorithm", r.getAlgorithm());
    if (!r.hasValue()) {
      throw missing(parent.to(field) + ".value");
    }
    org.capnproto.Data.Reader value = r.getValue();
    if (value.size() != algorithm.length()) {
      throw new DecodeException(parent.to(field) + ".value: a " + algorithm.label() + " digest is "
          + algorithm.length() + " bytes, this one is " + value.size());
    }
    Bytes bytes = Bytes.wrap(value.toArray());
    try {
      return new Digest(algorithm, bytes);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid(parent.to(field), e);
    }
  }

  private static DigestAlgorithm algorithm(FieldPath parent, String field, Ibridge.DigestAlgorithm a)
      throws DecodeException {
    return switch (a) {
      case SHA256 -> DigestAlgorithm.SHA256;
      case _NOT_IN_SCHEMA -> throw new DecodeException(
          parent.to(field) + ": the enum value is not defined by version 1 of the schema");
    };
  }

  private static Facet facet(FieldPath parent, String field, boolean has, org.capnproto.Text.Reader text)
      throws DecodeException {
    String name = text(parent, field, has, text);
    try {
      return new Facet(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid(parent.to(field), e);
    }
  }

  private static long size(FieldPath parent, String field, long raw) throws DecodeException {
    if (raw < 0) {
      throw new DecodeException(parent.to(field) + ": " + Long.toUnsignedString(raw)
          + " is larger than the largest size a reader must accept, 2^63-1");
    }
    return raw;
  }

  /**
   * Strict UTF-8: malformed input is an error, never replaced. ASCII, which is valid UTF-8 and
   * decodes one byte to one char, takes a fast path; anything else goes through a reporting decoder.
   */
  private static String text(FieldPath parent, String field, boolean has, org.capnproto.Text.Reader text)
      throws DecodeException {
    present(has, parent, field);
    int size = text.size();
    if (size > Limits.MAX_TEXT_BYTES) {
      throw new DecodeException(parent.to(field) + ": the text is " + size + " bytes, more than the limit of "
          + Limits.MAX_TEXT_BYTES);
    }
    byte[] bytes = new byte[size];
    text.buffer.get(text.offset, bytes, 0, size);
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(
          parent.to(field) + ": the text is not valid UTF-8 (" + e.getMessage() + ")", -1, e);
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** Fails when a required pointer, the field {@code field} of the struct at {@code parent}, is null. */
  private static void present(boolean has, FieldPath parent, String field) throws DecodeException {
    if (!has) {
      throw missing(parent.to(field));
    }
  }

  private static DecodeException missing(String path) {
    return new DecodeException(path + ": missing (a null pointer where the protocol requires a value)");
  }

  private static void checkSize(int size, int max, FieldPath parent, String field) throws DecodeException {
    if (size > max) {
      throw new DecodeException(
          parent.to(field) + ": the list has " + size + " entries, more than the limit of " + max);
    }
  }

  /** Runs a model constructor and reports its validation errors as decode errors at {@code path}. */
  private static <T> T build(FieldPath path, Supplier<T> constructor) throws DecodeException {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid(path.toString(), e);
    }
  }

  private static DecodeException invalid(String path, RuntimeException e) {
    return new DecodeException(path + ": " + e.getMessage(), -1, e);
  }
}
