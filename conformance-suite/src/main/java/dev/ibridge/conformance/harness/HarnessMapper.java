package dev.ibridge.conformance.harness;

import dev.ibridge.activity.ComputedOutput;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.avro.AvroCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.internal.ProtocolData;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps between the model and the generated harness classes. Key material and subjects pass
 * through the project's own Avro codec (binary form), so the harness and the key derivation share
 * one mapping; anything a frame carries that breaks a model rule is a {@link DecodeException}.
 */
public final class HarnessMapper {
  private HarnessMapper() {}

  public static dev.ibridge.protocol.KeyMaterial toAvro(KeyMaterial km) {
    return fromBinary(AvroCodec.KEY_MATERIAL.encodeBinary(km), dev.ibridge.protocol.KeyMaterial.getClassSchema());
  }

  static KeyMaterial fromAvro(dev.ibridge.protocol.KeyMaterial km) throws DecodeException {
    return AvroCodec.KEY_MATERIAL.decodeBinary(toBinary(km));
  }

  static dev.ibridge.protocol.Subject toAvro(Subject s) {
    return fromBinary(AvroCodec.SUBJECT.encodeBinary(s), dev.ibridge.protocol.Subject.getClassSchema());
  }

  static Subject fromAvro(dev.ibridge.protocol.Subject s) throws DecodeException {
    return AvroCodec.SUBJECT.decodeBinary(toBinary(s));
  }

  static dev.ibridge.protocol.Digest toAvro(Digest d) {
    return new dev.ibridge.protocol.Digest(
        dev.ibridge.protocol.DigestAlgorithm.valueOf(d.algorithm().name()), buffer(d.value()));
  }

  public static Digest fromAvro(dev.ibridge.protocol.Digest d) throws DecodeException {
    try {
      return new Digest(DigestAlgorithm.valueOf(d.getAlgorithm().name()), bytes(d.getValue()));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("invalid digest: " + e.getMessage(), e);
    }
  }

  static Facet facet(String name) throws DecodeException {
    try {
      return new Facet(name);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("invalid facet: " + e.getMessage(), e);
    }
  }

  static SubjectFacet node(dev.ibridge.protocol.Subject s, String facet) throws DecodeException {
    return new SubjectFacet(fromAvro(s), facet(facet));
  }

  static dev.ibridge.protocol.OutputRef toAvro(Output o) {
    return new dev.ibridge.protocol.OutputRef(o.name(), toAvro(o.blob().digest()), o.blob().size(), o.observable());
  }

  static Output fromAvro(dev.ibridge.protocol.OutputRef o) throws DecodeException {
    try {
      return new Output(o.getName(), new BlobRef(fromAvro(o.getDigest()), o.getSize()), o.getObservable());
    } catch (IllegalArgumentException e) {
      throw new DecodeException("invalid output: " + e.getMessage(), e);
    }
  }

  static dev.ibridge.protocol.CompiledOutput toAvro(ComputedOutput o) {
    return new dev.ibridge.protocol.CompiledOutput(o.name(), buffer(o.content()), o.observable());
  }

  static ComputedOutput fromAvro(dev.ibridge.protocol.CompiledOutput o) {
    return new ComputedOutput(o.getName(), bytes(o.getContent()), o.getObservable());
  }

  static dev.ibridge.protocol.Head toAvro(Head h) {
    return new dev.ibridge.protocol.Head(toAvro(h.subject()), h.facet().name(), toAvro(h.inputKey()));
  }

  static Head fromAvro(dev.ibridge.protocol.Head h) throws DecodeException {
    return new Head(fromAvro(h.getSubject()), facet(h.getFacet()), fromAvro(h.getInputKey()));
  }

  static dev.ibridge.protocol.ActivityStep toAvro(ActivityStep s) {
    return new dev.ibridge.protocol.ActivityStep(
        toAvro(s.node().subject()),
        s.node().facet().name(),
        dev.ibridge.protocol.StepDecision.valueOf(s.decision().name()),
        toAvro(s.inputKey()),
        toAvro(s.outputFingerprint()));
  }

  static ActivityStep fromAvro(dev.ibridge.protocol.ActivityStep s) throws DecodeException {
    return new ActivityStep(
        node(s.getSubject(), s.getFacet()),
        ActivityStep.Decision.valueOf(s.getDecision().name()),
        fromAvro(s.getInputKey()),
        fromAvro(s.getOutputFingerprint()));
  }

  static ByteBuffer buffer(Bytes b) {
    return ByteBuffer.wrap(b.toByteArray());
  }

  static ByteBuffer buffer(Optional<Bytes> b) {
    return b.map(HarnessMapper::buffer).orElse(null);
  }

  static Bytes bytes(ByteBuffer b) {
    ByteBuffer copy = b.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return Bytes.wrap(out);
  }

  public static Optional<Bytes> optionalBytes(ByteBuffer b) {
    return b == null ? Optional.empty() : Optional.of(bytes(b));
  }

  static <A, B> List<B> map(List<A> list, Mapper<A, B> f) throws DecodeException {
    List<B> out = new ArrayList<>(list.size());
    for (A a : list) {
      out.add(f.apply(a));
    }
    return out;
  }

  /** A mapping step that may find the value invalid. */
  interface Mapper<A, B> {
    B apply(A a) throws DecodeException;
  }

  private static byte[] toBinary(SpecificRecord value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<SpecificRecord>(value.getSchema(), ProtocolData.INSTANCE).write(value, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static <A> A fromBinary(byte[] bytes, Schema schema) {
    try {
      return new SpecificDatumReader<A>(schema, schema, ProtocolData.INSTANCE)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new UncheckedIOException("the codec's own bytes did not decode", e);
    }
  }
}
