package dev.ibridge.key;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.Output;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Subject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the protocol's digests. Every digest is SHA-256 over a canonical pre-image:
 *
 * <ul>
 *   <li>input key: the Avro binary of the {@link KeyMaterial}, each array written as one block;
 *   <li>output fingerprint: the Avro binary of the {@link OutputManifest} of a record's observable
 *       outputs, sorted by name;
 *   <li>subject digest: the Avro binary of the {@link Subject};
 *   <li>blob digest: the blob's bytes.
 * </ul>
 *
 * The model's constructors already guarantee canonical list order, so equal values always give
 * equal bytes, and so equal digests, in every implementation.
 */
public final class Keys {
  /** One digest per thread: {@link MessageDigest#digest(byte[])} leaves it reset for the next use. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(DigestAlgorithm.SHA256::newMessageDigest);

  private Keys() {}

  /** The pre-image of the input key: Avro binary of {@code km}, each array as one block. */
  public static byte[] canonicalBytes(KeyMaterial km) {
    return AvroCodec.KEY_MATERIAL.encodeBinary(km);
  }

  public static Digest inputKey(KeyMaterial km) {
    return sha256(canonicalBytes(km));
  }

  /**
   * The manifest of {@code outputs}: the observable ones only, as (name, digest, size), sorted by
   * name. Two outputs with the same name are a caller bug.
   */
  public static OutputManifest manifest(List<Output> outputs) {
    List<ObservableOutput> observable = new ArrayList<>();
    for (Output o : outputs) {
      if (o.observable()) {
        observable.add(new ObservableOutput(o.name(), o.blob().digest(), o.blob().size()));
      }
    }
    return OutputManifest.canonical(observable);
  }

  /** The pre-image of an output fingerprint: Avro binary of {@code m}, its array as one block. */
  public static byte[] canonicalBytes(OutputManifest m) {
    return AvroCodec.OUTPUT_MANIFEST.encodeBinary(m);
  }

  public static Digest outputFingerprint(List<Output> outputs) {
    return sha256(canonicalBytes(manifest(outputs)));
  }

  public static Digest blobDigest(byte[] content) {
    return sha256(content);
  }

  /** SHA-256 of the Avro binary of {@code s}; names a subject in store paths such as heads. */
  public static Digest subjectDigest(Subject s) {
    return sha256(AvroCodec.SUBJECT.encodeBinary(s));
  }

  private static Digest sha256(byte[] bytes) {
    MessageDigest md = SHA256.get();
    return Digest.sha256(Bytes.wrap(md.digest(bytes)));
  }
}
