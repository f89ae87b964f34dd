package dev.ibridge.benchmarks;

import dev.ibridge.capnp.schema.Ibridge;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.capnproto.ArrayOutputStream;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.Serialize;
import org.capnproto.StructList;

/**
 * The bare Cap'n Proto baseline: the capnp runtime and the generated bindings of
 * {@code dev.ibridge.capnp.schema}, driven by hand. Encoding fills a message from the model and
 * frames it (standard unpacked framing); decoding reads every field back as Java values and
 * hands each to a sink, without building model objects or checking anything.
 */
final class CapnpBare {
  private CapnpBare() {}

  static byte[] encode(Record r) throws IOException {
    MessageBuilder message = new MessageBuilder();
    Ibridge.Record.Builder root = message.initRoot(Ibridge.Record.factory);
    Ibridge.Producer.Builder producer = root.initProducer();
    producer.setActivity(r.producer().activity());
    producer.setTool(r.producer().tool());
    producer.setToolVersion(r.producer().toolVersion());
    digest(root.initInputKey(), r.inputKey());
    keyMaterial(root.initKeyMaterial(), r.keyMaterial());
    StructList.Builder<Ibridge.Output.Builder> outputs = root.initOutputs(r.outputs().size());
    for (int i = 0; i < r.outputs().size(); i++) {
      Output o = r.outputs().get(i);
      Ibridge.Output.Builder out = outputs.get(i);
      out.setName(o.name());
      Ibridge.BlobRef.Builder blob = out.initBlob();
      digest(blob.initDigest(), o.blob().digest());
      blob.setSize(o.blob().size());
      out.setObservable(o.observable());
    }
    digest(root.initOutputFingerprint(), r.outputFingerprint());
    byte[] bytes = new byte[Math.toIntExact(Serialize.computeSerializedSizeInWords(message) * 8)];
    Serialize.write(new ArrayOutputStream(ByteBuffer.wrap(bytes)), message);
    return bytes;
  }

  static void decode(byte[] bytes, Consumer<Object> sink) throws IOException {
    MessageReader message = Serialize.read(ByteBuffer.wrap(bytes));
    Ibridge.Record.Reader root = message.getRoot(Ibridge.Record.factory);
    Ibridge.Producer.Reader producer = root.getProducer();
    sink.accept(producer.getActivity().toString());
    sink.accept(producer.getTool().toString());
    sink.accept(producer.getToolVersion().toString());
    digest(root.getInputKey(), sink);
    Ibridge.KeyMaterial.Reader km = root.getKeyMaterial();
    sink.accept(km.getProtocolMajor());
    subject(km.getSubject(), sink);
    sink.accept(km.getFacet().toString());
    sink.accept(km.getToolchain().getName().toString());
    sink.accept(km.getToolchain().getVersion().toString());
    for (Ibridge.ConfigEntry.Reader c : km.getConfig()) {
      sink.accept(c.getName().toString());
      sink.accept(c.getValue().toString());
    }
    for (Ibridge.DirectInput.Reader in : km.getInputs()) {
      switch (in.which()) {
        case FILE -> {
          Ibridge.DirectInput.File.Reader file = in.getFile();
          sink.accept(file.getPath().toString());
          digest(file.getDigest(), sink);
          sink.accept(file.getSize());
        }
        case ENV -> {
          Ibridge.DirectInput.Env.Reader env = in.getEnv();
          sink.accept(env.getName().toString());
          Ibridge.DirectInput.Env.Value.Reader value = env.getValue();
          sink.accept(value.isSet() ? value.getSet().toString() : null);
        }
        default -> throw new IOException("unknown direct input kind " + in.which());
      }
    }
    for (Ibridge.Read.Reader read : km.getReads()) {
      subject(read.getSubject(), sink);
      sink.accept(read.getFacet().toString());
      digest(read.getOutputFingerprint(), sink);
    }
    for (Ibridge.Output.Reader out : root.getOutputs()) {
      sink.accept(out.getName().toString());
      digest(out.getBlob().getDigest(), sink);
      sink.accept(out.getBlob().getSize());
      sink.accept(out.getObservable());
    }
    digest(root.getOutputFingerprint(), sink);
  }

  private static void keyMaterial(Ibridge.KeyMaterial.Builder b, KeyMaterial km) {
    b.setProtocolMajor((short) km.protocolMajor());
    subject(b.initSubject(), km.subject());
    b.setFacet(km.facet().name());
    Ibridge.Toolchain.Builder toolchain = b.initToolchain();
    toolchain.setName(km.toolchain().name());
    toolchain.setVersion(km.toolchain().version());
    StructList.Builder<Ibridge.ConfigEntry.Builder> config = b.initConfig(km.config().size());
    for (int i = 0; i < km.config().size(); i++) {
      ConfigEntry c = km.config().get(i);
      config.get(i).setName(c.name());
      config.get(i).setValue(c.value());
    }
    StructList.Builder<Ibridge.DirectInput.Builder> inputs = b.initInputs(km.inputs().size());
    for (int i = 0; i < km.inputs().size(); i++) {
      DirectInput in = km.inputs().get(i);
      if (in instanceof FileInput f) {
        Ibridge.DirectInput.File.Builder file = inputs.get(i).initFile();
        file.setPath(f.path());
        digest(file.initDigest(), f.digest());
        file.setSize(f.size());
      } else {
        EnvInput e = (EnvInput) in;
        Ibridge.DirectInput.Env.Builder env = inputs.get(i).initEnv();
        env.setName(e.name());
        if (e.value() == null) {
          env.initValue().setUnset();
        } else {
          env.initValue().setSet(e.value());
        }
      }
    }
    StructList.Builder<Ibridge.Read.Builder> reads = b.initReads(km.reads().size());
    for (int i = 0; i < km.reads().size(); i++) {
      Read r = km.reads().get(i);
      Ibridge.Read.Builder read = reads.get(i);
      subject(read.initSubject(), r.subject());
      read.setFacet(r.facet().name());
      digest(read.initOutputFingerprint(), r.outputFingerprint());
    }
  }

  private static void subject(Ibridge.Subject.Builder b, Subject s) {
    Ibridge.Unit.Builder unit = b.initUnit();
    unit.setPackageId(s.unit().packageId());
    unit.setTargetName(s.unit().targetName());
    unit.setTargetKind(s.unit().targetKind());
    unit.setTargetTriple(s.unit().targetTriple());
    b.setModulePath(s.modulePath());
  }

  private static void subject(Ibridge.Subject.Reader s, Consumer<Object> sink) {
    Ibridge.Unit.Reader unit = s.getUnit();
    sink.accept(unit.getPackageId().toString());
    sink.accept(unit.getTargetName().toString());
    sink.accept(unit.getTargetKind().toString());
    sink.accept(unit.getTargetTriple().toString());
    sink.accept(s.getModulePath().toString());
  }

  private static void digest(Ibridge.Digest.Builder b, Digest d) {
    b.setAlgorithm(
        switch (d.algorithm()) {
          case SHA256 -> Ibridge.DigestAlgorithm.SHA256;
        });
    b.setValue(d.value().toByteArray());
  }

  private static void digest(Ibridge.Digest.Reader d, Consumer<Object> sink) {
    sink.accept(d.getAlgorithm());
    sink.accept(d.getValue().toArray());
  }
}
