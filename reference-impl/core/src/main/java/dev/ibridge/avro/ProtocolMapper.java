package dev.ibridge.avro;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.JournalEntry;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Maps the model to the Avro classes generated from {@code ibridge.avdl} and back. The way back
 * goes through the model's constructors, so a decoded value that breaks a model rule fails with
 * {@link IllegalArgumentException} (or {@link NullPointerException}), which the codec reports as a
 * decode error.
 */
final class ProtocolMapper {
  private ProtocolMapper() {}

  // ---- model to Avro

  static dev.ibridge.protocol.Digest toAvro(Digest d) {
    return new dev.ibridge.protocol.Digest(
        dev.ibridge.protocol.DigestAlgorithm.valueOf(d.algorithm().name()),
        ByteBuffer.wrap(d.value().toByteArray()));
  }

  static dev.ibridge.protocol.Unit toAvro(Unit u) {
    return new dev.ibridge.protocol.Unit(u.packageId(), u.targetName(), u.targetKind(), u.targetTriple());
  }

  static dev.ibridge.protocol.Subject toAvro(Subject s) {
    return new dev.ibridge.protocol.Subject(toAvro(s.unit()), s.modulePath());
  }

  static dev.ibridge.protocol.Producer toAvro(Producer p) {
    return new dev.ibridge.protocol.Producer(p.activity(), p.tool(), p.toolVersion());
  }

  static dev.ibridge.protocol.KeyMaterial toAvro(KeyMaterial km) {
    return new dev.ibridge.protocol.KeyMaterial(
        km.protocolMajor(),
        toAvro(km.subject()),
        km.facet().name(),
        new dev.ibridge.protocol.Toolchain(km.toolchain().name(), km.toolchain().version()),
        map(km.config(), c -> new dev.ibridge.protocol.ConfigEntry(c.name(), c.value())),
        map(km.inputs(), ProtocolMapper::toAvro),
        map(
            km.reads(),
            r -> new dev.ibridge.protocol.Read(
                toAvro(r.subject()), r.facet().name(), toAvro(r.outputFingerprint()))));
  }

  private static Object toAvro(DirectInput input) {
    if (input instanceof FileInput f) {
      return new dev.ibridge.protocol.FileInput(f.path(), toAvro(f.digest()), f.size());
    }
    EnvInput e = (EnvInput) input;
    return new dev.ibridge.protocol.EnvInput(e.name(), e.value());
  }

  static dev.ibridge.protocol.OutputManifest toAvro(OutputManifest m) {
    return new dev.ibridge.protocol.OutputManifest(
        m.protocolMajor(),
        map(m.outputs(), o -> new dev.ibridge.protocol.ObservableOutput(o.name(), toAvro(o.digest()), o.size())));
  }

  static dev.ibridge.protocol.JournalEvent toAvro(JournalEvent e) {
    return new dev.ibridge.protocol.JournalEvent(e.sequence(), e.timestamp(), toAvro(e.event()));
  }

  private static Object toAvro(JournalEntry entry) {
    if (entry instanceof SessionStarted s) {
      return new dev.ibridge.protocol.SessionStarted(s.sessionId(), toAvro(s.producer()));
    }
    if (entry instanceof SessionEnded s) {
      return new dev.ibridge.protocol.SessionEnded(s.sessionId(), s.hits(), s.misses(), s.emits());
    }
    if (entry instanceof Requested r) {
      return new dev.ibridge.protocol.Requested(
          toAvro(r.subject()),
          r.facet().name(),
          toAvro(r.inputKey()),
          dev.ibridge.protocol.RequestOutcome.valueOf(r.outcome().name()),
          r.missReason());
    }
    Emitted e = (Emitted) entry;
    return new dev.ibridge.protocol.Emitted(
        toAvro(e.subject()),
        e.facet().name(),
        toAvro(e.inputKey()),
        toAvro(e.outputFingerprint()),
        dev.ibridge.protocol.EmitOutcome.valueOf(e.outcome().name()),
        e.bytesWritten(),
        e.bytesDeduplicated());
  }

  // ---- Avro to model

  static Digest fromAvro(dev.ibridge.protocol.Digest d) {
    ByteBuffer value = d.getValue().duplicate();
    byte[] bytes = new byte[value.remaining()];
    value.get(bytes);
    return new Digest(DigestAlgorithm.valueOf(d.getAlgorithm().name()), Bytes.wrap(bytes));
  }

  static Unit fromAvro(dev.ibridge.protocol.Unit u) {
    return new Unit(u.getPackageId(), u.getTargetName(), u.getTargetKind(), u.getTargetTriple());
  }

  static Subject fromAvro(dev.ibridge.protocol.Subject s) {
    return new Subject(fromAvro(s.getUnit()), s.getModulePath());
  }

  static Producer fromAvro(dev.ibridge.protocol.Producer p) {
    return new Producer(p.getActivity(), p.getTool(), p.getToolVersion());
  }

  static KeyMaterial fromAvro(dev.ibridge.protocol.KeyMaterial km) {
    return new KeyMaterial(
        km.getProtocolMajor(),
        fromAvro(km.getSubject()),
        new Facet(km.getFacet()),
        new Toolchain(km.getToolchain().getName(), km.getToolchain().getVersion()),
        map(km.getConfig(), c -> new ConfigEntry(c.getName(), c.getValue())),
        map(km.getInputs(), ProtocolMapper::inputFromAvro),
        map(
            km.getReads(),
            r -> new Read(fromAvro(r.getSubject()), new Facet(r.getFacet()), fromAvro(r.getOutputFingerprint()))));
  }

  private static DirectInput inputFromAvro(Object input) {
    if (input instanceof dev.ibridge.protocol.FileInput f) {
      return new FileInput(f.getPath(), fromAvro(f.getDigest()), f.getSize());
    }
    if (input instanceof dev.ibridge.protocol.EnvInput e) {
      return new EnvInput(e.getName(), e.getValue());
    }
    throw new IllegalArgumentException("not a direct input: " + input);
  }

  static OutputManifest fromAvro(dev.ibridge.protocol.OutputManifest m) {
    return new OutputManifest(
        m.getProtocolMajor(),
        map(m.getOutputs(), o -> new ObservableOutput(o.getName(), fromAvro(o.getDigest()), o.getSize())));
  }

  static JournalEvent fromAvro(dev.ibridge.protocol.JournalEvent e) {
    return new JournalEvent(e.getSequence(), e.getTimestamp(), entryFromAvro(e.getEvent()));
  }

  private static JournalEntry entryFromAvro(Object entry) {
    if (entry instanceof dev.ibridge.protocol.SessionStarted s) {
      return new SessionStarted(s.getSessionId(), fromAvro(s.getProducer()));
    }
    if (entry instanceof dev.ibridge.protocol.SessionEnded s) {
      return new SessionEnded(s.getSessionId(), s.getHits(), s.getMisses(), s.getEmits());
    }
    if (entry instanceof dev.ibridge.protocol.Requested r) {
      return new Requested(
          fromAvro(r.getSubject()),
          new Facet(r.getFacet()),
          fromAvro(r.getInputKey()),
          RequestOutcome.valueOf(r.getOutcome().name()),
          r.getMissReason());
    }
    if (entry instanceof dev.ibridge.protocol.Emitted e) {
      return new Emitted(
          fromAvro(e.getSubject()),
          new Facet(e.getFacet()),
          fromAvro(e.getInputKey()),
          fromAvro(e.getOutputFingerprint()),
          EmitOutcome.valueOf(e.getOutcome().name()),
          e.getBytesWritten(),
          e.getBytesDeduplicated());
    }
    throw new IllegalArgumentException("not a journal entry: " + entry);
  }

  private static <A, B> List<B> map(List<A> list, Function<? super A, ? extends B> f) {
    List<B> out = new ArrayList<>(list.size());
    for (A a : list) {
      out.add(f.apply(a));
    }
    return out;
  }
}
