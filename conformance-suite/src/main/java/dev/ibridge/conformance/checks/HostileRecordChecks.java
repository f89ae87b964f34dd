package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.conformance.checks.CapnpWords.Struct;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Limits;
import dev.ibridge.property.Gen;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Crafted Cap'n Proto records handed to the testee's emit: a valid record with one field damaged
 * in place (a null pointer, an undefined enumerant, a digest of the wrong length, a size of 2^63
 * or more, an overlong text) or replaced by words that claim far more than the message holds. A
 * conforming reader rejects each (ErrorReply REJECTED) without crashing, and publishes nothing.
 */
final class HostileRecordChecks {
  private HostileRecordChecks() {}

  private static final Set<Operation> EMIT = Set.of(Operation.EMIT);

  // Pointer fields of the version 1 structs, in schema order.
  private static final int RECORD_PRODUCER = 0;
  private static final int RECORD_INPUT_KEY = 1;
  private static final int RECORD_KEY_MATERIAL = 2;
  private static final int RECORD_OUTPUTS = 3;
  private static final int RECORD_OUTPUT_FINGERPRINT = 4;
  private static final int KEY_MATERIAL_SUBJECT = 0;
  private static final int KEY_MATERIAL_CONFIG = 3;
  private static final int SUBJECT_UNIT = 0;
  private static final int DIGEST_VALUE = 0;
  private static final int OUTPUT_BLOB = 1;
  private static final int DIGEST_LENGTH = 32;

  enum NullField { PRODUCER, INPUT_KEY, KEY_MATERIAL, OUTPUTS, OUTPUT_FINGERPRINT, PRODUCER_TOOL, SUBJECT_UNIT, INPUT_KEY_VALUE, CONFIG }

  enum DigestField { INPUT_KEY, OUTPUT_FINGERPRINT }

  enum Amplification { ZERO_SIZE_OUTPUTS_2_29, ZERO_SIZE_CONFIG_2_29, OUTPUTS_OVER_LIMIT, CONFIG_OVER_LIMIT, LIST_PAST_THE_END, NESTED_1000_DEEP, POINTER_LOOP }

  record Case<K>(Emission emission, K kind, long n) {
    @Override
    public String toString() {
      return kind + " (" + n + ") of " + emission;
    }
  }

  private static <K> Gen<Case<K>> cases(Gen<Emission> emissions, Gen<K> kinds) {
    return d -> new Case<>(d.draw(emissions), d.draw(kinds), d.draw(Gen.longs(0, Long.MAX_VALUE)));
  }

  private static final Gen<Emission> WITH_OUTPUTS = Emission.EMISSIONS.filter(e -> !e.record().outputs().isEmpty());

  static List<Check> all() {
    return List.of(
        new PropertyCheck<>(
            required("REQ-CAPNP-006.RejectsNullPointers",
                "A record with a null struct, text, data or list pointer (even where an empty value would fit) is rejected",
                "REQ-CAPNP-006"),
            EMIT, cases(Emission.EMISSIONS, Gen.choose(NullField.values())), 40, 100, String::valueOf,
            (ctx, c) -> emitRejected(ctx, c.emission(), nullPointer(c))),
        new PropertyCheck<>(
            required("REQ-CAPNP-008.RejectsUnknownEnumerants",
                "A record whose digest algorithm is an enumerant version 1 does not define is rejected, even with the right digest bytes",
                "REQ-CAPNP-008", "REQ-SEC-005"),
            EMIT, cases(Emission.EMISSIONS, Gen.choose(DigestField.values())), 30, 100, String::valueOf,
            (ctx, c) -> emitRejected(ctx, c.emission(), unknownEnumerant(c))),
        new PropertyCheck<>(
            required("REQ-MODEL-004.RejectsWrongLengthDigests",
                "A record whose input key or output fingerprint value is shorter or longer than 32 bytes is rejected",
                "REQ-MODEL-004", "REQ-CAPNP-010", "REQ-SEC-013", "REQ-CAPNP-013"),
            EMIT, cases(Emission.EMISSIONS, Gen.choose(DigestField.values())), 30, 100, String::valueOf,
            (ctx, c) -> emitRejected(ctx, c.emission(), wrongLengthDigest(c))),
        new PropertyCheck<>(
            required("REQ-MODEL-011.RejectsHugeSizes",
                "A record with an output size of 2^63 or more (an unsigned 64-bit size past the signed range) is rejected",
                "REQ-MODEL-011", "REQ-CAPNP-010", "REQ-SEC-005", "REQ-CAPNP-013"),
            EMIT, cases(WITH_OUTPUTS, Gen.ints(0, 0)), 30, 100, String::valueOf,
            (ctx, c) -> emitRejected(ctx, c.emission(), hugeSize(c))),
        new PropertyCheck<>(
            required("REQ-MODEL-002.RejectsOverlongText",
                "A record whose producer text is longer than 4096 bytes in UTF-8 (also when it is 4096 characters or fewer) is rejected",
                "REQ-MODEL-002"),
            EMIT, cases(Emission.EMISSIONS, Gen.ints(0, 5)), 30, 100, String::valueOf,
            (ctx, c) -> emitRejected(ctx, c.emission(), overlongText(c))),
        new PropertyCheck<>(
            required("REQ-SEC-004.RejectsAmplification",
                "Records with lists claiming 2^29-1 elements or more than the limits allow, lists past the message end, 1000-deep nesting or pointer loops are rejected without crashing",
                "REQ-SEC-004", "REQ-CAPNP-005", "REQ-MODEL-012", "REQ-SEC-002", "REQ-SEC-016", "REQ-SEC-017"),
            EMIT, cases(Emission.EMISSIONS, Gen.choose(Amplification.values())), 40, 100, String::valueOf,
            (ctx, c) -> emitRejected(ctx, c.emission(), amplification(c))));
  }

  /** Damaged record bytes and what the damage is. */
  record Damaged(byte[] bytes, String what) {}

  private static void emitRejected(CheckContext ctx, Emission e, Damaged d) throws Exception {
    Path store = ctx.newStore();
    Expect.rejected(() -> ctx.testee().emit(store, Bytes.wrap(d.bytes()), e.blobs()), d.what());
    BadInputChecks.requireNothingPublished(store, d.what());
  }

  private static CapnpWords wordsOf(Emission e) {
    return CapnpWords.of(e.encoded().toByteArray());
  }

  static Damaged nullPointer(Case<NullField> c) {
    CapnpWords w = wordsOf(c.emission());
    Struct record = w.struct(CapnpWords.root());
    int at = switch (c.kind()) {
      case PRODUCER -> record.pointer(RECORD_PRODUCER);
      case INPUT_KEY -> record.pointer(RECORD_INPUT_KEY);
      case KEY_MATERIAL -> record.pointer(RECORD_KEY_MATERIAL);
      case OUTPUTS -> record.pointer(RECORD_OUTPUTS);
      case OUTPUT_FINGERPRINT -> record.pointer(RECORD_OUTPUT_FINGERPRINT);
      case PRODUCER_TOOL -> w.struct(record.pointer(RECORD_PRODUCER)).pointer(1);
      case SUBJECT_UNIT -> w.struct(w.struct(record.pointer(RECORD_KEY_MATERIAL)).pointer(KEY_MATERIAL_SUBJECT)).pointer(SUBJECT_UNIT);
      case INPUT_KEY_VALUE -> w.struct(record.pointer(RECORD_INPUT_KEY)).pointer(DIGEST_VALUE);
      case CONFIG -> w.struct(record.pointer(RECORD_KEY_MATERIAL)).pointer(KEY_MATERIAL_CONFIG);
    };
    w.set(at, 0);
    return new Damaged(w.framed(), "a record whose " + name(c.kind()) + " pointer is null");
  }

  private static int digestPointer(Struct record, DigestField field) {
    return record.pointer(field == DigestField.INPUT_KEY ? RECORD_INPUT_KEY : RECORD_OUTPUT_FINGERPRINT);
  }

  static Damaged unknownEnumerant(Case<DigestField> c) {
    CapnpWords w = wordsOf(c.emission());
    int algorithmAt = w.struct(digestPointer(w.struct(CapnpWords.root()), c.kind())).data(0);
    int algorithm = 1 + (int) (c.n() % 0xFFFF);
    w.set(algorithmAt, (w.word(algorithmAt) & ~0xFFFFL) | algorithm);
    return new Damaged(w.framed(), "a record whose " + name(c.kind()) + " has digest algorithm enumerant " + algorithm);
  }

  static Damaged wrongLengthDigest(Case<DigestField> c) {
    CapnpWords w = wordsOf(c.emission());
    int valueAt = w.struct(digestPointer(w.struct(CapnpWords.root()), c.kind())).pointer(DIGEST_VALUE);
    Expect.equal(DIGEST_LENGTH, w.listCount(valueAt), "the digest length the suite's encoder wrote");
    int length = switch ((int) (c.n() % 4)) {
      case 0 -> 0;
      case 1 -> DIGEST_LENGTH - 1;
      case 2 -> 20;
      default -> DIGEST_LENGTH - 1 - (int) (c.n() % 31);
    };
    w.setListCount(valueAt, length);
    return new Damaged(w.framed(), "a record whose " + name(c.kind()) + " value is " + length + " bytes long");
  }

  static Damaged hugeSize(Case<Integer> c) {
    CapnpWords w = wordsOf(c.emission());
    int outputs = w.struct(CapnpWords.root()).pointer(RECORD_OUTPUTS);
    int index = (int) (c.n() % c.emission().record().outputs().size());
    int sizeAt = w.struct(w.element(outputs, index).pointer(OUTPUT_BLOB)).data(0);
    long size = Long.MIN_VALUE | (c.n() % 2 == 0 ? w.word(sizeAt) : c.n());
    w.set(sizeAt, size);
    return new Damaged(w.framed(),
        "a record whose output " + index + " has size " + Long.toUnsignedString(size) + " (at least 2^63)");
  }

  static Damaged overlongText(Case<Integer> c) {
    CapnpWords w = wordsOf(c.emission());
    int field = c.kind() % 3;
    boolean twoByte = c.kind() >= 3;
    String text = twoByte
        ? "\u00e9".repeat(Limits.MAX_TEXT_BYTES / 2 + 1 + (int) (c.n() % 100))
        : "t".repeat(Limits.MAX_TEXT_BYTES + 1 + (int) (c.n() % 100));
    w.pointAtText(w.struct(w.struct(CapnpWords.root()).pointer(RECORD_PRODUCER)).pointer(field), text);
    return new Damaged(w.framed(), "a record whose producer text " + field + " is "
        + text.length() + " characters, " + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes in UTF-8");
  }

  static Damaged amplification(Case<Amplification> c) {
    CapnpWords w = wordsOf(c.emission());
    Struct record = w.struct(CapnpWords.root());
    int outputs = record.pointer(RECORD_OUTPUTS);
    int config = w.struct(record.pointer(RECORD_KEY_MATERIAL)).pointer(KEY_MATERIAL_CONFIG);
    int most = (1 << 29) - 1;
    switch (c.kind()) {
      case ZERO_SIZE_OUTPUTS_2_29 -> compositeList(w, outputs, most, 0, 0, 0);
      case ZERO_SIZE_CONFIG_2_29 -> compositeList(w, config, most, 0, 0, 0);
      case OUTPUTS_OVER_LIMIT -> compositeList(w, outputs, Limits.MAX_OUTPUTS + 1 + (int) (c.n() % 64), 1, 2, -1);
      case CONFIG_OVER_LIMIT -> compositeList(w, config, Limits.MAX_CONFIG_ENTRIES + 1 + (int) (c.n() % 64), 0, 2, -1);
      case LIST_PAST_THE_END -> {
        int tagAt = w.append(new long[] {CapnpWords.structPointer(1 << 20, 1, 2)});
        w.set(outputs, CapnpWords.listPointer(tagAt - (outputs + 1), 7, 3 << 20));
      }
      case NESTED_1000_DEEP -> {
        int depth = 1000;
        long[] chain = new long[depth * 2];
        for (int k = 0; k < depth - 1; k++) {
          chain[2 * k] = CapnpWords.structPointer(1, 0, 2);
          chain[2 * k + 1] = CapnpWords.structPointer(0, 0, 2);
        }
        int at = w.append(chain);
        w.set(record.pointer(RECORD_PRODUCER), CapnpWords.structPointer(at - (record.pointer(RECORD_PRODUCER) + 1), 0, 2));
      }
      case POINTER_LOOP -> {
        int producer = record.pointer(RECORD_PRODUCER);
        w.set(producer, CapnpWords.structPointer(record.start() - (producer + 1), record.dataWords(), record.pointers()));
      }
    }
    return new Damaged(w.framed(), "a record with " + name(c.kind()));
  }

  /**
   * Points the pointer at {@code pointer} at a new composite list of {@code count} elements of the
   * given size; with {@code words} negative the elements are written out (all zero), otherwise the
   * list claims {@code words} words and only its tag is written.
   */
  private static void compositeList(CapnpWords w, int pointer, int count, int dataWords, int pointers, int words) {
    int size = dataWords + pointers;
    int body = words < 0 ? count * size : words;
    long[] tail = new long[1 + (words < 0 ? body : 0)];
    tail[0] = CapnpWords.structPointer(count, dataWords, pointers);
    int tagAt = w.append(tail);
    w.set(pointer, CapnpWords.listPointer(tagAt - (pointer + 1), 7, body));
  }

  private static String name(Enum<?> kind) {
    return kind.name().toLowerCase().replace('_', ' ');
  }
}
