package dev.ibridge.benchmarks;

import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The bare Avro baseline: the generated specific classes of {@code dev.ibridge.protocol}, filled
 * by hand from the model and written with a plain {@link SpecificDatumWriter}; read back with a
 * plain {@link SpecificDatumReader}. Not thread-safe: it reuses its encoder and decoder.
 */
final class AvroBare {
  static {
    // Avro refuses to instantiate classes it has not been told to trust, generated ones included.
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(),
            type -> type.getPackageName().equals("dev.ibridge.protocol")));
  }

  private final SpecificDatumWriter<dev.ibridge.protocol.KeyMaterial> writer =
      new SpecificDatumWriter<>(dev.ibridge.protocol.KeyMaterial.class);
  private final SpecificDatumReader<dev.ibridge.protocol.KeyMaterial> reader =
      new SpecificDatumReader<>(dev.ibridge.protocol.KeyMaterial.class);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  byte[] encode(KeyMaterial km) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    encoder = EncoderFactory.get().binaryEncoder(out, encoder);
    writer.write(fill(km), encoder);
    encoder.flush();
    return out.toByteArray();
  }

  dev.ibridge.protocol.KeyMaterial decode(byte[] bytes) throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
    return reader.read(null, decoder);
  }

  /** SHA-256 over the bare encoding: what an input key costs without our codec. */
  byte[] inputKey(KeyMaterial km) throws IOException {
    return DigestAlgorithm.SHA256.hash(encode(km));
  }

  static dev.ibridge.protocol.KeyMaterial fill(KeyMaterial km) {
    List<dev.ibridge.protocol.ConfigEntry> config = new ArrayList<>(km.config().size());
    for (ConfigEntry c : km.config()) {
      config.add(new dev.ibridge.protocol.ConfigEntry(c.name(), c.value()));
    }
    List<Object> inputs = new ArrayList<>(km.inputs().size());
    for (DirectInput in : km.inputs()) {
      if (in instanceof FileInput f) {
        inputs.add(new dev.ibridge.protocol.FileInput(f.path(), digest(f.digest()), f.size()));
      } else {
        EnvInput e = (EnvInput) in;
        inputs.add(new dev.ibridge.protocol.EnvInput(e.name(), e.value()));
      }
    }
    List<dev.ibridge.protocol.Read> reads = new ArrayList<>(km.reads().size());
    for (Read r : km.reads()) {
      reads.add(
          new dev.ibridge.protocol.Read(
              subject(r.subject()), r.facet().name(), digest(r.outputFingerprint())));
    }
    return new dev.ibridge.protocol.KeyMaterial(
        km.protocolMajor(),
        subject(km.subject()),
        km.facet().name(),
        new dev.ibridge.protocol.Toolchain(km.toolchain().name(), km.toolchain().version()),
        config,
        inputs,
        reads);
  }

  private static dev.ibridge.protocol.Subject subject(Subject s) {
    return new dev.ibridge.protocol.Subject(
        new dev.ibridge.protocol.Unit(
            s.unit().packageId(), s.unit().targetName(), s.unit().targetKind(), s.unit().targetTriple()),
        s.modulePath());
  }

  private static dev.ibridge.protocol.Digest digest(Digest d) {
    dev.ibridge.protocol.DigestAlgorithm algorithm =
        switch (d.algorithm()) {
          case SHA256 -> dev.ibridge.protocol.DigestAlgorithm.SHA256;
        };
    return new dev.ibridge.protocol.Digest(algorithm, ByteBuffer.wrap(d.value().toByteArray()));
  }
}
