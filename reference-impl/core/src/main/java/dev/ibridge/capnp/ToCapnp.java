package dev.ibridge.capnp;

import dev.ibridge.capnp.schema.Ibridge;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.util.List;
import org.capnproto.StructList;

/** Model values into Cap'n Proto builders. Fields are written in schema order, every pointer set. */
final class ToCapnp {
  private ToCapnp() {}

  static void record(Record r, Ibridge.Record.Builder b) {
    producer(r.producer(), b.initProducer());
    digest(r.inputKey(), b.initInputKey());
    keyMaterial(r.keyMaterial(), b.initKeyMaterial());
    List<Output> outputs = r.outputs();
    StructList.Builder<Ibridge.Output.Builder> list = b.initOutputs(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      output(outputs.get(i), list.get(i));
    }
    digest(r.outputFingerprint(), b.initOutputFingerprint());
  }

  static void storeHeader(StoreHeader h, Ibridge.StoreHeader.Builder b) {
    b.setProtocolMajor((short) h.protocolMajor());
    b.setProtocolMinor((short) h.protocolMinor());
    b.setDigestAlgorithm(algorithm(h.digestAlgorithm()));
    b.setCreatedBy(h.createdBy());
  }

  static void keyMaterial(KeyMaterial km, Ibridge.KeyMaterial.Builder b) {
    b.setProtocolMajor((short) km.protocolMajor());
    subject(km.subject(), b.initSubject());
    b.setFacet(km.facet().name());
    toolchain(km.toolchain(), b.initToolchain());
    StructList.Builder<Ibridge.ConfigEntry.Builder> config = b.initConfig(km.config().size());
    for (int i = 0; i < km.config().size(); i++) {
      ConfigEntry entry = km.config().get(i);
      config.get(i).setName(entry.name());
      config.get(i).setValue(entry.value());
    }
    StructList.Builder<Ibridge.DirectInput.Builder> inputs = b.initInputs(km.inputs().size());
    for (int i = 0; i < km.inputs().size(); i++) {
      directInput(km.inputs().get(i), inputs.get(i));
    }
    StructList.Builder<Ibridge.Read.Builder> reads = b.initReads(km.reads().size());
    for (int i = 0; i < km.reads().size(); i++) {
      read(km.reads().get(i), reads.get(i));
    }
  }

  private static void producer(Producer p, Ibridge.Producer.Builder b) {
    b.setActivity(p.activity());
    b.setTool(p.tool());
    b.setToolVersion(p.toolVersion());
  }

  private static void digest(Digest d, Ibridge.Digest.Builder b) {
    b.setAlgorithm(algorithm(d.algorithm()));
    b.setValue(d.value().toByteArray());
  }

  private static Ibridge.DigestAlgorithm algorithm(DigestAlgorithm a) {
    return switch (a) {
      case SHA256 -> Ibridge.DigestAlgorithm.SHA256;
    };
  }

  private static void subject(Subject s, Ibridge.Subject.Builder b) {
    unit(s.unit(), b.initUnit());
    b.setModulePath(s.modulePath());
  }

  private static void unit(Unit u, Ibridge.Unit.Builder b) {
    b.setPackageId(u.packageId());
    b.setTargetName(u.targetName());
    b.setTargetKind(u.targetKind());
    b.setTargetTriple(u.targetTriple());
  }

  private static void toolchain(Toolchain t, Ibridge.Toolchain.Builder b) {
    b.setName(t.name());
    b.setVersion(t.version());
  }

  private static void directInput(DirectInput input, Ibridge.DirectInput.Builder b) {
    if (input instanceof FileInput file) {
      Ibridge.DirectInput.File.Builder f = b.initFile();
      f.setPath(file.path());
      digest(file.digest(), f.initDigest());
      f.setSize(file.size());
    } else {
      EnvInput env = (EnvInput) input;
      Ibridge.DirectInput.Env.Builder e = b.initEnv();
      e.setName(env.name());
      if (env.value() == null) {
        e.getValue().setUnset();
      } else {
        e.getValue().setSet(env.value());
      }
    }
  }

  private static void read(Read r, Ibridge.Read.Builder b) {
    subject(r.subject(), b.initSubject());
    b.setFacet(r.facet().name());
    digest(r.outputFingerprint(), b.initOutputFingerprint());
  }

  private static void output(Output o, Ibridge.Output.Builder b) {
    b.setName(o.name());
    BlobRef blob = o.blob();
    Ibridge.BlobRef.Builder blobBuilder = b.initBlob();
    digest(blob.digest(), blobBuilder.initDigest());
    blobBuilder.setSize(blob.size());
    b.setObservable(o.observable());
  }
}
