package dev.ibridge.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.JournalEntry;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON form of the stored and hashed model types. Fields appear in schema order; names are
 * those of the schemas.
 */
final class ModelJson {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final String SESSION_STARTED = "sessionStarted";
  static final String SESSION_ENDED = "sessionEnded";
  static final String REQUESTED = "requested";
  static final String EMITTED = "emitted";

  private ModelJson() {}

  // ---- writing

  static String digest(Digest d) {
    return d.toString();
  }

  static ObjectNode storeHeader(StoreHeader h) {
    ObjectNode o = NODES.objectNode();
    o.put("protocolMajor", h.protocolMajor());
    o.put("protocolMinor", h.protocolMinor());
    o.put("digestAlgorithm", h.digestAlgorithm().label());
    o.put("createdBy", h.createdBy());
    return o;
  }

  static ObjectNode unit(Unit u) {
    ObjectNode o = NODES.objectNode();
    o.put("packageId", u.packageId());
    o.put("targetName", u.targetName());
    o.put("targetKind", u.targetKind());
    o.put("targetTriple", u.targetTriple());
    return o;
  }

  static ObjectNode subject(Subject s) {
    ObjectNode o = NODES.objectNode();
    o.set("unit", unit(s.unit()));
    o.put("modulePath", s.modulePath());
    return o;
  }

  static ObjectNode producer(Producer p) {
    ObjectNode o = NODES.objectNode();
    o.put("activity", p.activity());
    o.put("tool", p.tool());
    o.put("toolVersion", p.toolVersion());
    return o;
  }

  static ObjectNode toolchain(Toolchain t) {
    ObjectNode o = NODES.objectNode();
    o.put("name", t.name());
    o.put("version", t.version());
    return o;
  }

  static ObjectNode configEntry(ConfigEntry c) {
    ObjectNode o = NODES.objectNode();
    o.put("name", c.name());
    o.put("value", c.value());
    return o;
  }

  static ObjectNode directInput(DirectInput input) {
    ObjectNode body = NODES.objectNode();
    ObjectNode o = NODES.objectNode();
    if (input instanceof FileInput f) {
      body.put("path", f.path());
      body.put("digest", digest(f.digest()));
      body.put("size", f.size());
      o.set("file", body);
    } else {
      EnvInput e = (EnvInput) input;
      body.put("name", e.name());
      body.put("value", e.value());
      o.set("env", body);
    }
    return o;
  }

  static ObjectNode read(Read r) {
    ObjectNode o = NODES.objectNode();
    o.set("subject", subject(r.subject()));
    o.put("facet", r.facet().name());
    o.put("outputFingerprint", digest(r.outputFingerprint()));
    return o;
  }

  static ObjectNode keyMaterial(KeyMaterial km) {
    ObjectNode o = NODES.objectNode();
    o.put("protocolMajor", km.protocolMajor());
    o.set("subject", subject(km.subject()));
    o.put("facet", km.facet().name());
    o.set("toolchain", toolchain(km.toolchain()));
    o.set("config", array(km.config(), ModelJson::configEntry));
    o.set("inputs", array(km.inputs(), ModelJson::directInput));
    o.set("reads", array(km.reads(), ModelJson::read));
    return o;
  }

  static ObjectNode output(Output out) {
    ObjectNode blob = NODES.objectNode();
    blob.put("digest", digest(out.blob().digest()));
    blob.put("size", out.blob().size());
    ObjectNode o = NODES.objectNode();
    o.put("name", out.name());
    o.set("blob", blob);
    o.put("observable", out.observable());
    return o;
  }

  static ObjectNode record(Record r) {
    ObjectNode o = NODES.objectNode();
    o.set("producer", producer(r.producer()));
    o.put("inputKey", digest(r.inputKey()));
    o.set("keyMaterial", keyMaterial(r.keyMaterial()));
    o.set("outputs", array(r.outputs(), ModelJson::output));
    o.put("outputFingerprint", digest(r.outputFingerprint()));
    return o;
  }

  static ObjectNode outputManifest(OutputManifest m) {
    ObjectNode o = NODES.objectNode();
    o.put("protocolMajor", m.protocolMajor());
    o.set("outputs", array(m.outputs(), ModelJson::observableOutput));
    return o;
  }

  static ObjectNode observableOutput(ObservableOutput out) {
    ObjectNode o = NODES.objectNode();
    o.put("name", out.name());
    o.put("digest", digest(out.digest()));
    o.put("size", out.size());
    return o;
  }

  static ObjectNode journalEvent(JournalEvent e) {
    ObjectNode o = NODES.objectNode();
    o.put("sequence", e.sequence());
    o.put("timestamp", e.timestamp().toString());
    ObjectNode body = NODES.objectNode();
    ObjectNode event = NODES.objectNode();
    JournalEntry entry = e.event();
    if (entry instanceof SessionStarted s) {
      body.put("sessionId", s.sessionId());
      body.set("producer", producer(s.producer()));
      event.set(SESSION_STARTED, body);
    } else if (entry instanceof SessionEnded s) {
      body.put("sessionId", s.sessionId());
      body.put("hits", s.hits());
      body.put("misses", s.misses());
      body.put("emits", s.emits());
      event.set(SESSION_ENDED, body);
    } else if (entry instanceof Requested r) {
      body.set("subject", subject(r.subject()));
      body.put("facet", r.facet().name());
      body.put("inputKey", digest(r.inputKey()));
      body.put("outcome", r.outcome().name());
      body.put("missReason", r.missReason());
      event.set(REQUESTED, body);
    } else {
      Emitted m = (Emitted) entry;
      body.set("subject", subject(m.subject()));
      body.put("facet", m.facet().name());
      body.put("inputKey", digest(m.inputKey()));
      body.put("outputFingerprint", digest(m.outputFingerprint()));
      body.put("outcome", m.outcome().name());
      body.put("bytesWritten", m.bytesWritten());
      body.put("bytesDeduplicated", m.bytesDeduplicated());
      event.set(EMITTED, body);
    }
    o.set("event", event);
    return o;
  }

  /**
   * The JSON form of any value of the model that has one: a message, or a part of one as it
   * appears inside its message; null for anything else.
   */
  static JsonNode any(Object v) {
    if (v instanceof Digest d) {
      return NODES.textNode(digest(d));
    } else if (v instanceof Facet f) {
      return NODES.textNode(f.name());
    } else if (v instanceof Unit u) {
      return unit(u);
    } else if (v instanceof Subject s) {
      return subject(s);
    } else if (v instanceof Producer p) {
      return producer(p);
    } else if (v instanceof Toolchain t) {
      return toolchain(t);
    } else if (v instanceof ConfigEntry c) {
      return configEntry(c);
    } else if (v instanceof DirectInput i) {
      return directInput(i);
    } else if (v instanceof Read r) {
      return read(r);
    } else if (v instanceof KeyMaterial km) {
      return keyMaterial(km);
    } else if (v instanceof BlobRef b) {
      ObjectNode o = NODES.objectNode();
      o.put("digest", digest(b.digest()));
      o.put("size", b.size());
      return o;
    } else if (v instanceof Output o) {
      return output(o);
    } else if (v instanceof Record r) {
      return record(r);
    } else if (v instanceof ObservableOutput o) {
      return observableOutput(o);
    } else if (v instanceof OutputManifest m) {
      return outputManifest(m);
    } else if (v instanceof JournalEvent e) {
      return journalEvent(e);
    } else if (v instanceof StoreHeader h) {
      return storeHeader(h);
    }
    return null;
  }

  static <T> ArrayNode array(List<T> values, Function<T, ObjectNode> element) {
    ArrayNode a = NODES.arrayNode(values.size());
    for (T v : values) {
      a.add(element.apply(v));
    }
    return a;
  }

  // ---- reading

  static StoreHeader storeHeader(Node n) throws DecodeException {
    n.object("protocolMajor", "protocolMinor", "digestAlgorithm", "createdBy");
    int major = n.field("protocolMajor").intValue();
    int minor = n.field("protocolMinor").intValue();
    Node alg = n.field("digestAlgorithm");
    DigestAlgorithm algorithm = alg.build(() -> DigestAlgorithm.fromLabel(alg.text()));
    String createdBy = n.field("createdBy").text();
    return n.build(() -> new StoreHeader(major, minor, algorithm, createdBy));
  }

  static Unit unit(Node n) throws DecodeException {
    n.object("packageId", "targetName", "targetKind", "targetTriple");
    String packageId = n.field("packageId").text();
    String targetName = n.field("targetName").text();
    String targetKind = n.field("targetKind").text();
    String targetTriple = n.field("targetTriple").text();
    return n.build(() -> new Unit(packageId, targetName, targetKind, targetTriple));
  }

  static Subject subject(Node n) throws DecodeException {
    n.object("unit", "modulePath");
    Unit unit = unit(n.field("unit"));
    String modulePath = n.field("modulePath").text();
    return n.build(() -> new Subject(unit, modulePath));
  }

  static Producer producer(Node n) throws DecodeException {
    n.object("activity", "tool", "toolVersion");
    String activity = n.field("activity").text();
    String tool = n.field("tool").text();
    String toolVersion = n.field("toolVersion").text();
    return n.build(() -> new Producer(activity, tool, toolVersion));
  }

  static Toolchain toolchain(Node n) throws DecodeException {
    n.object("name", "version");
    String name = n.field("name").text();
    String version = n.field("version").text();
    return n.build(() -> new Toolchain(name, version));
  }

  static ConfigEntry configEntry(Node n) throws DecodeException {
    n.object("name", "value");
    String name = n.field("name").text();
    String value = n.field("value").text();
    return n.build(() -> new ConfigEntry(name, value));
  }

  static DirectInput directInput(Node n) throws DecodeException {
    if (n.choice("file", "env").equals("file")) {
      Node body = n.field("file").object("path", "digest", "size");
      String path = body.field("path").text();
      Digest digest = body.field("digest").digest();
      long size = body.field("size").longValue();
      return body.build(() -> new FileInput(path, digest, size));
    }
    Node body = n.field("env").object("name", "value");
    String name = body.field("name").text();
    String value = body.field("value").nullableText();
    return body.build(() -> new EnvInput(name, value));
  }

  static Facet facet(Node n) throws DecodeException {
    String name = n.text();
    return n.build(() -> new Facet(name));
  }

  static Read read(Node n) throws DecodeException {
    n.object("subject", "facet", "outputFingerprint");
    Subject subject = subject(n.field("subject"));
    Facet facet = facet(n.field("facet"));
    Digest fingerprint = n.field("outputFingerprint").digest();
    return n.build(() -> new Read(subject, facet, fingerprint));
  }

  static KeyMaterial keyMaterial(Node n) throws DecodeException {
    n.object("protocolMajor", "subject", "facet", "toolchain", "config", "inputs", "reads");
    int major = n.field("protocolMajor").intValue();
    Subject subject = subject(n.field("subject"));
    Facet facet = facet(n.field("facet"));
    Toolchain toolchain = toolchain(n.field("toolchain"));
    List<ConfigEntry> config = list(n.field("config"), ModelJson::configEntry);
    List<DirectInput> inputs = list(n.field("inputs"), ModelJson::directInput);
    List<Read> reads = list(n.field("reads"), ModelJson::read);
    return n.build(() -> new KeyMaterial(major, subject, facet, toolchain, config, inputs, reads));
  }

  static Output output(Node n) throws DecodeException {
    n.object("name", "blob", "observable");
    String name = n.field("name").text();
    Node blobNode = n.field("blob").object("digest", "size");
    Digest digest = blobNode.field("digest").digest();
    long size = blobNode.field("size").longValue();
    BlobRef blob = blobNode.build(() -> new BlobRef(digest, size));
    boolean observable = n.field("observable").bool();
    return n.build(() -> new Output(name, blob, observable));
  }

  static Record record(Node n) throws DecodeException {
    n.object("producer", "inputKey", "keyMaterial", "outputs", "outputFingerprint");
    Producer producer = producer(n.field("producer"));
    Digest inputKey = n.field("inputKey").digest();
    KeyMaterial keyMaterial = keyMaterial(n.field("keyMaterial"));
    List<Output> outputs = list(n.field("outputs"), ModelJson::output);
    Digest fingerprint = n.field("outputFingerprint").digest();
    return n.build(() -> new Record(producer, inputKey, keyMaterial, outputs, fingerprint));
  }

  static OutputManifest outputManifest(Node n) throws DecodeException {
    n.object("protocolMajor", "outputs");
    int major = n.field("protocolMajor").intValue();
    List<ObservableOutput> outputs = list(n.field("outputs"), ModelJson::observableOutput);
    return n.build(() -> new OutputManifest(major, outputs));
  }

  static ObservableOutput observableOutput(Node n) throws DecodeException {
    n.object("name", "digest", "size");
    String name = n.field("name").text();
    Digest digest = n.field("digest").digest();
    long size = n.field("size").longValue();
    return n.build(() -> new ObservableOutput(name, digest, size));
  }

  static JournalEvent journalEvent(Node n) throws DecodeException {
    n.object("sequence", "timestamp", "event");
    long sequence = n.field("sequence").longValue();
    Instant timestamp = timestamp(n.field("timestamp"));
    Node e = n.field("event");
    String kind = e.choice(SESSION_STARTED, SESSION_ENDED, REQUESTED, EMITTED);
    JournalEntry entry =
        switch (kind) {
          case SESSION_STARTED -> sessionStarted(e.field(kind));
          case SESSION_ENDED -> sessionEnded(e.field(kind));
          case REQUESTED -> requested(e.field(kind));
          default -> emitted(e.field(kind));
        };
    return n.build(() -> new JournalEvent(sequence, timestamp, entry));
  }

  private static Instant timestamp(Node n) throws DecodeException {
    String text = n.text();
    Instant t;
    try {
      if (!text.endsWith("Z")) {
        throw new DateTimeParseException("not UTC", text, text.length());
      }
      t = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw n.error("expected an ISO-8601 UTC instant such as 2026-01-31T12:00:00.250Z, got \"" + text + "\"");
    }
    if (t.getNano() % 1_000_000 != 0) {
      throw n.error("journal timestamps are whole milliseconds, got \"" + text + "\"");
    }
    return t;
  }

  private static SessionStarted sessionStarted(Node n) throws DecodeException {
    n.object("sessionId", "producer");
    String id = n.field("sessionId").text();
    Producer producer = producer(n.field("producer"));
    return n.build(() -> new SessionStarted(id, producer));
  }

  private static SessionEnded sessionEnded(Node n) throws DecodeException {
    n.object("sessionId", "hits", "misses", "emits");
    String id = n.field("sessionId").text();
    long hits = n.field("hits").longValue();
    long misses = n.field("misses").longValue();
    long emits = n.field("emits").longValue();
    return n.build(() -> new SessionEnded(id, hits, misses, emits));
  }

  private static Requested requested(Node n) throws DecodeException {
    n.object("subject", "facet", "inputKey", "outcome", "missReason");
    Subject subject = subject(n.field("subject"));
    Facet facet = facet(n.field("facet"));
    Digest inputKey = n.field("inputKey").digest();
    RequestOutcome outcome = symbol(n.field("outcome"), RequestOutcome.class);
    String missReason = n.field("missReason").nullableText();
    return n.build(() -> new Requested(subject, facet, inputKey, outcome, missReason));
  }

  private static Emitted emitted(Node n) throws DecodeException {
    n.object("subject", "facet", "inputKey", "outputFingerprint", "outcome", "bytesWritten", "bytesDeduplicated");
    Subject subject = subject(n.field("subject"));
    Facet facet = facet(n.field("facet"));
    Digest inputKey = n.field("inputKey").digest();
    Digest fingerprint = n.field("outputFingerprint").digest();
    EmitOutcome outcome = symbol(n.field("outcome"), EmitOutcome.class);
    long written = n.field("bytesWritten").longValue();
    long deduplicated = n.field("bytesDeduplicated").longValue();
    return n.build(() -> new Emitted(subject, facet, inputKey, fingerprint, outcome, written, deduplicated));
  }

  private static <E extends Enum<E>> E symbol(Node n, Class<E> type) throws DecodeException {
    String text = n.text();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(text)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    throw n.error("expected one of " + String.join(", ", names) + ", got \"" + text + "\"");
  }

  /** Reads an array element by element; the model checks the list's order and length. */
  static <T> List<T> list(Node n, Node.JsonReader<T> element) throws DecodeException {
    List<T> out = new ArrayList<>();
    for (Node e : n.elements()) {
      out.add(element.read(e));
    }
    return out;
  }
}
