package dev.ibridge.conformance.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.json.JsonForm;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.vectors.VectorCase;
import dev.ibridge.conformance.vectors.VectorType;
import dev.ibridge.conformance.vectors.VectorValues;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds every decoder its hand-crafted hostile inputs, the valid encodings of every other message
 * type, and {@value #DEFAULT_CASES} mutations of valid encodings. Each input must either decode to
 * a model that re-encodes and decodes to itself, or be rejected with a {@link DecodeException}:
 * any other exception, an {@link Error} or a hang fails the run.
 *
 * <p>Replay with {@code -Dibridge.seed=N}; narrow to one decoder with
 * {@code -Dibridge.fuzz.target=NAME}; change the count with {@code -Dibridge.fuzz.cases=N}.
 */
class DecoderFuzzTest {
  static final int DEFAULT_CASES = 100_000;
  /** A hang guard for the whole run, shared by all decoders; not a performance bound. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(5);
  private static final int MAX_POOL_INPUT = 64 * 1024;
  private static final HexFormat HEX = HexFormat.of();

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
  @Tag("REQ-SEC-009")
  Stream<DynamicTest> everyDecoderRejectsBadInputWithADecodeException() {
    long deadline = System.nanoTime() + HANG_GUARD.toNanos();
    return targets().stream()
        .filter(t -> ONLY == null || t.name().equals(ONLY))
        .map(t -> DynamicTest.dynamicTest(t.name(), () -> {
          Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
          assertTimeoutPreemptively(left, () -> run(t),
              () -> "decoder " + t.name() + " did not finish within the hang guard of " + HANG_GUARD
                  + " for the whole run (seed " + SEED + "). " + replay(t));
        }));
  }

  private static <T> void run(FuzzTarget<T> target) {
    for (int i = 0; i < target.hostile().size(); i++) {
      Hostile.Input h = target.hostile().get(i);
      check(target, h.bytes(), "hostile input #" + i + " (" + h.description() + ")");
    }
    List<byte[]> pool = new ArrayList<>(target.valid());
    target.hostile().stream().map(Hostile.Input::bytes).filter(b -> b.length <= MAX_POOL_INPUT).forEach(pool::add);
    Mutator mutator = new Mutator(new SplittableRandom(SEED ^ target.name().hashCode() * 0x9E37_79B9_7F4A_7C15L), pool);
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
    return "Replay: mvn -o -q -pl conformance-suite -am test -Dtest=DecoderFuzzTest"
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

  private static <T> FuzzTarget<T> jsonTarget(VectorType<T> type, JsonForm<T> form) {
    List<byte[]> json = values(type).stream().map(v -> utf8(form.render(v))).toList();
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
