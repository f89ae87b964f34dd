package dev.ibridge.fuzz;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.avro.JournalFiles;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.json.JsonForm;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.Record;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.internal.vectors.VectorCase;
import dev.ibridge.internal.vectors.VectorType;
import dev.ibridge.internal.vectors.VectorValues;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds every decoder its hand-crafted hostile inputs, the valid encodings of every other message
 * type, and {@value #DEFAULT_CASES} mutations of valid encodings. Each input must either decode to
 * a model that re-encodes and decodes to itself, or be rejected with a {@link DecodeException}:
 * any other exception, an {@link Error} or a hang fails the run. A hang guard bounds the whole
 * run; it is generous and is not a performance assertion.
 *
 * <p>Replay with {@code -Dibridge.seed=N}; narrow to one decoder with
 * {@code -Dibridge.fuzz.target=NAME}; change the count with {@code -Dibridge.fuzz.cases=N}.
 */
class DecoderFuzzTest {
  static final int DEFAULT_CASES = 100_000;
  /** A hang guard for the whole run, shared by all decoders: generous because the build box is shared; not a performance bound. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(15);
  /** Larger inputs are checked once as they are, but not mutated: they cost time and add no paths. */
  private static final int MAX_POOL_INPUT = 8192;
  private static final HexFormat HEX = HexFormat.of();

  /** Decoders run in parallel on this many threads; each decoder's inputs depend only on the seed. */
  private static final int THREADS = 2;
  private static final long SEED = seed();
  private static final int CASES = Integer.getInteger("ibridge.fuzz.cases", DEFAULT_CASES);
  private static final String ONLY = System.getProperty("ibridge.fuzz.target");

  @TestFactory
  @Tag("REQ-SEC-001")
  @Tag("REQ-SEC-002")
  @Tag("REQ-SEC-003")
  @Tag("REQ-SEC-004")
  @Tag("REQ-SEC-005")
  @Tag("REQ-SEC-006")
  @Tag("REQ-SEC-007")
  @Tag("REQ-SEC-008")
  @Tag("REQ-SEC-010")
  Stream<DynamicTest> everyDecoderRejectsBadInputWithADecodeException() {
    long deadline = System.nanoTime() + HANG_GUARD.toNanos();
    List<FuzzTarget<?>> targets = targets().stream().filter(t -> ONLY == null || t.name().equals(ONLY)).toList();
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no decoder is named " + ONLY + "; the decoders are "
          + targets().stream().map(FuzzTarget::name).toList());
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread t = new Thread(runnable, "fuzz");
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> runs = targets.stream().map(t -> pool.submit(() -> run(t))).collect(Collectors.toList());
    pool.shutdown();
    return IntStream.range(0, targets.size()).mapToObj(i -> DynamicTest.dynamicTest(targets.get(i).name(), () -> {
      FuzzTarget<?> t = targets.get(i);
      try {
        runs.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pool.shutdownNow();
        throw new AssertionError("decoder " + t.name() + " did not finish within the hang guard of " + HANG_GUARD
            + " for the whole run (seed " + SEED + "). " + replay(t), e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AssertionError failure) {
          throw failure;
        }
        throw new AssertionError("the fuzz run of " + t.name() + " failed: " + e.getCause() + ". " + replay(t), e.getCause());
      }
    }));
  }

  private static <T> void run(FuzzTarget<T> target) {
    for (int i = 0; i < target.hostile().size(); i++) {
      Hostile.Input h = target.hostile().get(i);
      check(target, h.bytes(), "hostile input #" + i + " (" + h.description() + ")");
    }
    for (int i = 0; i < target.valid().size(); i++) {
      check(target, target.valid().get(i), "valid input #" + i);
    }
    List<byte[]> valid = target.valid().stream().filter(b -> b.length <= MAX_POOL_INPUT).toList();
    List<byte[]> hostile = target.hostile().stream().map(Hostile.Input::bytes).filter(b -> b.length <= MAX_POOL_INPUT).toList();
    Mutator mutator = new Mutator(new SplittableRandom(SEED ^ target.name().hashCode() * 0x9E37_79B9_7F4A_7C15L), valid, hostile);
    for (int i = 0; i < CASES; i++) {
      check(target, mutator.next(), "mutated input #" + i);
    }
  }

  private static <T> void check(FuzzTarget<T> target, byte[] input, String which) {
    T value;
    try {
      value = target.decoder().decode(input);
    } catch (DecodeException expected) {
      return;
    } catch (Throwable t) {
      throw new AssertionError(describe(target, input, which, "threw " + t + " instead of a DecodeException"), t);
    }
    if (value == null) {
      throw new AssertionError(describe(target, input, which, "returned null"));
    }
    T again;
    try {
      again = target.decoder().decode(target.encoder().apply(value));
    } catch (Throwable t) {
      throw new AssertionError(describe(target, input, which, "accepted a value that does not survive re-encoding: " + t), t);
    }
    if (!Objects.equals(value, again)) {
      throw new AssertionError(describe(target, input, which, "accepted " + value + " but re-encoding gave " + again));
    }
  }

  private static String describe(FuzzTarget<?> target, byte[] input, String which, String what) {
    String hex = input.length <= 512 ? HEX.formatHex(input) : HEX.formatHex(input, 0, 512) + "...";
    return "decoder " + target.name() + " " + what + " on " + which + " of seed " + SEED
        + ". Input (" + input.length + " bytes): " + hex + ". " + replay(target);
  }

  private static String replay(FuzzTarget<?> target) {
    return "Replay: mvn -o -q -pl reference-impl/core -am test -Dtest=DecoderFuzzTest"
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + SEED
        + " -Dibridge.fuzz.target=" + target.name();
  }

  private static long seed() {
    String fixed = System.getProperty("ibridge.seed");
    return fixed != null ? Long.parseLong(fixed) : new SecureRandom().nextLong();
  }

  // ------------------------------------------------------------------ the decoders

  static List<FuzzTarget<?>> targets() {
    List<byte[]> everyEncoding = new ArrayList<>();
    for (VectorType<?> type : VectorType.ALL) {
      everyEncoding.addAll(encodings(type));
    }
    List<Hostile.Input> wrongType = everyEncoding.stream().map(b -> new Hostile.Input("an encoding of some message type", b)).toList();
    List<FuzzTarget<?>> targets = new ArrayList<>();
    for (VectorType<?> type : VectorType.ALL) {
      addTargets(targets, type, wrongType);
    }
    List<byte[]> records = capnpOf(VectorType.RECORD);
    List<Hostile.Input> recordHostile = new ArrayList<>(Hostile.capnp(smallest(records)));
    recordHostile.addAll(wrongType);
    targets.add(new FuzzTarget<Record>("capnp.record.one-byte-channel",
        b -> CapnpCodec.readRecord(new OneByteChannel(b)), CapnpCodec::encodeRecord, records, recordHostile));
    targets.add(journalTarget(wrongType));
    targets.add(jsonTarget(VectorType.RECORD, JsonForm.RECORD));
    targets.add(jsonTarget(VectorType.STORE_HEADER, JsonForm.STORE_HEADER));
    targets.add(jsonTarget(VectorType.KEY_MATERIAL, JsonForm.KEY_MATERIAL));
    targets.add(jsonTarget(VectorType.OUTPUT_MANIFEST, JsonForm.OUTPUT_MANIFEST));
    targets.add(jsonTarget(VectorType.JOURNAL_EVENT, JsonForm.JOURNAL_EVENT));
    return targets;
  }

  private static <T> void addTargets(List<FuzzTarget<?>> targets, VectorType<T> type, List<Hostile.Input> wrongType) {
    String label = type.directory();
    type.capnp().ifPresent(capnp -> {
      List<byte[]> valid = capnpOf(type);
      List<Hostile.Input> hostile = new ArrayList<>(Hostile.capnp(smallest(valid)));
      hostile.addAll(wrongType);
      targets.add(new FuzzTarget<>("capnp." + label, capnp.decoder()::decode, capnp.encoder(), valid, hostile));
    });
    type.avro().ifPresent(avro -> {
      List<T> values = values(type);
      List<byte[]> binary = values.stream().map(avro::encodeBinary).toList();
      List<Hostile.Input> binaryHostile = new ArrayList<>(Hostile.avroBinary(smallest(binary), label));
      binaryHostile.addAll(wrongType);
      targets.add(new FuzzTarget<>("avro." + label + ".binary", avro::decodeBinary, avro::encodeBinary, binary, binaryHostile));

      long other = VectorType.ALL.stream().flatMap(t -> t.avro().stream())
          .mapToLong(AvroCodec::fingerprint).filter(f -> f != avro.fingerprint()).findFirst().orElseThrow();
      List<byte[]> single = values.stream().map(avro::encodeSingleObject).toList();
      List<Hostile.Input> singleHostile = new ArrayList<>(Hostile.singleObject(smallest(binary), avro.fingerprint(), other));
      singleHostile.addAll(wrongType);
      targets.add(new FuzzTarget<>("avro." + label + ".single-object", avro::decodeSingleObject, avro::encodeSingleObject, single, singleHostile));

      List<byte[]> json = values.stream().map(v -> utf8(avro.encodeJson(v))).toList();
      targets.add(new FuzzTarget<>("avro." + label + ".json",
          b -> avro.decodeJson(new String(b, StandardCharsets.UTF_8)), v -> utf8(avro.encodeJson(v)),
          json, Hostile.json(avro.encodeJson(values.get(0)))));
    });
  }

  /** The journal reader, on journals of one, two and all events of the session in the vectors. */
  private static FuzzTarget<List<JournalEvent>> journalTarget(List<Hostile.Input> wrongType) {
    List<JournalEvent> session = values(VectorType.JOURNAL_EVENT).subList(0, 8);
    List<byte[]> valid = List.of(
        encodeJournal(session.subList(0, 1)), encodeJournal(session.subList(0, 2)), encodeJournal(session));
    List<Hostile.Input> hostile = new ArrayList<>(Hostile.avroBinary(smallest(valid), "journal"));
    hostile.addAll(wrongType);
    return new FuzzTarget<>("avro.journal-file", JournalFiles::decode, DecoderFuzzTest::encodeJournal, valid, hostile);
  }

  /** A journal file of {@code events}, named after the session they name. */
  private static byte[] encodeJournal(List<JournalEvent> events) {
    for (JournalEvent e : events) {
      if (e.event() instanceof SessionStarted s) {
        return JournalFiles.encode(s.sessionId(), events);
      } else if (e.event() instanceof SessionEnded s) {
        return JournalFiles.encode(s.sessionId(), events);
      }
    }
    return JournalFiles.encode("fuzz", events);
  }

  private static <T> FuzzTarget<T> jsonTarget(VectorType<T> type, JsonForm<T> form) {
    List<byte[]> json = values(type).stream().map(v -> utf8(form.toTree(v).toString())).toList();
    return new FuzzTarget<>("json." + type.directory(), form::parse, v -> utf8(form.render(v)), json,
        Hostile.json(form.render(values(type).get(0))));
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> values(VectorType<T> type) {
    List<T> values = new ArrayList<>();
    for (VectorCase<?> c : VectorValues.all()) {
      if (c.type() == type) {
        values.add((T) c.value());
      }
    }
    return values;
  }

  private static <T> List<byte[]> capnpOf(VectorType<T> type) {
    VectorType.Capnp<T> capnp = type.capnp().orElseThrow();
    return values(type).stream().map(capnp.encoder()).toList();
  }

  private static <T> List<byte[]> encodings(VectorType<T> type) {
    List<byte[]> out = new ArrayList<>();
    for (T v : values(type)) {
      type.capnp().ifPresent(c -> out.add(c.encoder().apply(v)));
      type.avro().ifPresent(a -> {
        out.add(a.encodeBinary(v));
        out.add(a.encodeSingleObject(v));
      });
    }
    return out;
  }

  private static byte[] smallest(List<byte[]> inputs) {
    return inputs.stream().min(Comparator.comparingInt(b -> b.length)).orElseThrow();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
