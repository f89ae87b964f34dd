package dev.ibridge.conformance.harness;

import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Avro binary encoding of key material written by hand, with its lists taken as given (in any
 * order) and its arrays cut into blocks of a chosen size. With the lists in canonical order and one
 * block per array it is the canonical encoding; otherwise it is what a broken emitter would hash.
 * The suite uses it to build material a conforming testee must refuse, and the mutants use it to
 * break key derivation in one controlled way.
 */
public final class RawAvro {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final int itemsPerBlock;

  private RawAvro(int itemsPerBlock) {
    if (itemsPerBlock < 1) {
      throw new IllegalArgumentException("a block holds at least one item, got " + itemsPerBlock);
    }
    this.itemsPerBlock = itemsPerBlock;
  }

  /** The encoding of {@code km} with its lists in the given order, arrays in blocks of {@code itemsPerBlock}. */
  public static byte[] keyMaterial(KeyMaterial km, int itemsPerBlock) {
    return keyMaterial(km.protocolMajor(), km, km.config(), km.inputs(), km.reads(), itemsPerBlock);
  }

  /** The encoding of {@code km}'s scalars with the lists given here instead of its own. */
  public static byte[] keyMaterial(
      int protocolMajor, KeyMaterial km, List<ConfigEntry> config, List<DirectInput> inputs, List<Read> reads,
      int itemsPerBlock) {
    return keyMaterial(protocolMajor, km.subject(), km.facet().name(), km.toolchain().name(), km.toolchain().version(),
        config, inputs, reads, itemsPerBlock);
  }

  /** The encoding from parts, the facet as raw text (so that invalid names can be written too). */
  public static byte[] keyMaterial(
      int protocolMajor, Subject subject, String facet, String toolchainName, String toolchainVersion,
      List<ConfigEntry> config, List<DirectInput> inputs, List<Read> reads, int itemsPerBlock) {
    RawAvro w = new RawAvro(itemsPerBlock);
    w.writeLong(protocolMajor);
    w.subject(subject);
    w.string(facet);
    w.string(toolchainName);
    w.string(toolchainVersion);
    w.array(config, c -> {
      w.string(c.name());
      w.string(c.value());
    });
    w.array(inputs, i -> {
      if (i instanceof FileInput f) {
        w.writeLong(0);
        w.string(f.path());
        w.digest(f.digest());
        w.writeLong(f.size());
      } else {
        EnvInput e = (EnvInput) i;
        w.writeLong(1);
        w.string(e.name());
        if (e.value() == null) {
          w.writeLong(0);
        } else {
          w.writeLong(1);
          w.string(e.value());
        }
      }
    });
    w.array(reads, r -> {
      w.subject(r.subject());
      w.string(r.facet().name());
      w.digest(r.outputFingerprint());
    });
    return w.out.toByteArray();
  }

  private interface Item<T> {
    void write(T item);
  }

  private <T> void array(List<T> items, Item<T> write) {
    for (int start = 0; start < items.size(); start += itemsPerBlock) {
      int end = Math.min(items.size(), start + itemsPerBlock);
      writeLong(end - start);
      for (T item : items.subList(start, end)) {
        write.write(item);
      }
    }
    writeLong(0);
  }

  private void subject(Subject s) {
    string(s.unit().packageId());
    string(s.unit().targetName());
    string(s.unit().targetKind());
    string(s.unit().targetTriple());
    string(s.modulePath());
  }

  private void digest(Digest d) {
    writeLong(d.algorithm().ordinal());
    byte[] v = d.value().toByteArray();
    writeLong(v.length);
    out.writeBytes(v);
  }

  private void string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeLong(b.length);
    out.writeBytes(b);
  }

  private void writeLong(long v) {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
  }
}
