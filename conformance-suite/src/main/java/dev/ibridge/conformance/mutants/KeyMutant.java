package dev.ibridge.conformance.mutants;

import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.KeyDerivation;
import dev.ibridge.conformance.harness.RawAvro;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.KeyMaterial;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The reference with key derivation broken in one way: the order of config entries, or array blocks. */
final class KeyMutant extends ForwardingTestee {
  enum Flaw {
    /** Hashes config entries in descending name order. */
    REVERSED_CONFIG,
    /** Writes every array as blocks of one item. */
    ONE_ITEM_BLOCKS
  }

  private final Flaw flaw;

  KeyMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public KeyDerivation deriveKey(KeyMaterial km) {
    byte[] bytes;
    if (flaw == Flaw.REVERSED_CONFIG) {
      List<ConfigEntry> config = new ArrayList<>(km.config());
      Collections.reverse(config);
      bytes = RawAvro.keyMaterial(km.protocolMajor(), km, config, km.inputs(), km.reads(), Integer.MAX_VALUE);
    } else {
      bytes = RawAvro.keyMaterial(km, 1);
    }
    return new KeyDerivation(Digest.sha256(Bytes.wrap(sha256(bytes))), Optional.of(Bytes.wrap(bytes)));
  }

  static byte[] sha256(byte[] bytes) {
    return DigestAlgorithm.SHA256.hash(bytes);
  }
}
