package dev.ibridge.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertyEngineTest {
  @TempDir Path dir;

  private Counterexample onlyCounterexample() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      return Counterexample.read(all.get(0));
    }
  }

  @Test
  void listWithAnElementAbove100ShrinksTo101() throws IOException {
    Gen<List<Integer>> gen = Gen.lists(Gen.ints(0, 10_000), 0, 50);
    AssertionError e = assertThrows(
        AssertionError.class,
        () -> Property.forAll(gen).exportTo(dir).check(l -> l.stream().allMatch(x -> x <= 100)));

    Counterexample c = onlyCounterexample();
    assertThat(c.replay(gen)).isEqualTo(List.of(101));
    assertThat(e.getMessage()).contains("\n  [101]\n");
    assertThat(c.value()).isEqualTo("[101]");
  }

  @Test
  void listWhoseSumExceeds1000ShrinksToTwoElements() throws IOException {
    Gen<List<Integer>> gen = Gen.lists(Gen.ints(0, 1000), 0, 50);
    assertThrows(
        AssertionError.class,
        () -> Property.forAll(gen).exportTo(dir).check(l -> l.stream().mapToInt(x -> x).sum() <= 1000));

    List<Integer> shrunk = onlyCounterexample().replay(gen);
    assertThat(shrunk).hasSize(2);
    assertThat(shrunk.stream().mapToInt(x -> x).sum()).isEqualTo(1001);
  }

  @Test
  void negativeNumbersShrinkTowardZero() throws IOException {
    Gen<Long> gen = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThrows(AssertionError.class, () -> Property.forAll(gen).exportTo(dir).check(x -> x > -500));
    assertThat(onlyCounterexample().replay(gen)).isEqualTo(-500L);
  }

  @Test
  void mappedAndFilteredGeneratorsShrinkToo() throws IOException {
    Gen<String> gen = Gen.lists(Gen.ints(0, 1000).filter(x -> x % 2 == 1), 1, 10)
        .map(l -> l.stream().map(String::valueOf).reduce("", (a, b) -> a + "," + b));
    assertThrows(AssertionError.class, () -> Property.forAll(gen).exportTo(dir).check(s -> s.length() < 5));
    assertThat(onlyCounterexample().replay(gen)).isEqualTo(",11,1");
  }

  @Test
  void failureMessageNamesSeedCaseValueAndReplayCommand() {
    AssertionError e = assertThrows(
        AssertionError.class,
        () -> Property.forAll(Gen.ints(0, 100)).seed(123456).exportTo(dir).verify(x -> {
          if (x > 50) {
            throw new IllegalStateException("too big: " + x);
          }
        }));

    assertThat(e.getMessage())
        .startsWith("Property PropertyEngineTest#failureMessageNamesSeedCaseValueAndReplayCommand failed on case ")
        .contains("seed 123456")
        .contains("\n  51\n")
        .contains("Failure on the shrunk value: java.lang.IllegalStateException: too big: 51")
        .contains("Original failure: java.lang.IllegalStateException: too big: ")
        .contains("Counterexample written to " + dir.toAbsolutePath())
        .endsWith("Replay: mvn -pl reference-impl/property-testing -am test"
            + " -Dtest=PropertyEngineTest#failureMessageNamesSeedCaseValueAndReplayCommand"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=123456");
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("too big: 51");
  }

  @Test
  void theFailingCaseNumberIsReproducibleFromTheSeed() throws IOException {
    Gen<Integer> gen = Gen.ints(0, 1_000_000);
    List<Integer> seen = new ArrayList<>();
    assertThrows(AssertionError.class, () -> Property.forAll(gen).seed(99).exportTo(dir).check(x -> {
      seen.add(x);
      return x % 7 != 3;
    }));
    Counterexample c = onlyCounterexample();
    int firstFailure = 0;
    while (seen.get(firstFailure) % 7 != 3) {
      firstFailure++;
    }
    assertThat(c.caseNumber()).isEqualTo(firstFailure);
    assertThat(gen.samples(99, firstFailure + 1).get(firstFailure)).isEqualTo(seen.get(firstFailure));
  }

  @Test
  void sameSeedGivesSameValuesAndAnotherSeedOthers() {
    Gen<List<String>> gen = Gen.lists(Gen.strings(Gen.unicode(), 0, 20), 0, 10);
    assertThat(gen.samples(7, 200)).isEqualTo(gen.samples(7, 200));
    assertThat(gen.samples(7, 200)).isNotEqualTo(gen.samples(8, 200));
  }

  @Test
  void exportedChoicesReplayTheSameValue() throws IOException {
    Gen<List<String>> gen = Gen.lists(Gen.strings(Gen.unicode(), 0, 8), 0, 6);
    assertThrows(
        AssertionError.class,
        () -> Property.forAll(gen).shrinkBudget(0).exportTo(dir).check(l -> l.size() < 4));

    Counterexample c = onlyCounterexample();
    List<String> replayed = c.replay(gen);
    assertThat(replayed).hasSizeGreaterThanOrEqualTo(4);
    assertThat(ValueTree.write(ValueTree.render(replayed))).isEqualTo(c.value());
    assertThat(Counterexample.fromJson(c.toJson())).isEqualTo(c);
  }

  @Test
  void aPassingPropertyRunsExactlyItsTries() {
    AtomicInteger runs = new AtomicInteger();
    Property.forAll(Gen.booleans()).tries(321).verify(b -> runs.incrementAndGet());
    assertThat(runs).hasValue(321);
  }

  @Test
  void triesComeFromTheSystemPropertyWhenSet() {
    AtomicInteger runs = new AtomicInteger();
    System.setProperty("ibridge.tries", "17");
    try {
      Property.forAll(Gen.booleans()).tries(321).verify(b -> runs.incrementAndGet());
    } finally {
      System.clearProperty("ibridge.tries");
    }
    assertThat(runs).hasValue(17);
  }

  @Test
  void aFilterThatRejectsEverythingFailsTheRun() {
    assertThatThrownBy(() -> Property.forAll(Gen.ints(0, 10).filter(x -> x > 10)).check(x -> true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("discarded")
        .hasMessageContaining("filters are too strict");
  }

  @Test
  void unicodeNeverMakesNulOrUnpairedSurrogatesButReachesEveryPlane() {
    List<String> texts = Gen.strings(Gen.unicode(), 0, 40).samples(1, 2000);
    boolean astral = false;
    boolean combining = false;
    boolean ascii = false;
    for (String s : texts) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        assertThat(c).isNotEqualTo('\0');
        if (Character.isHighSurrogate(c)) {
          assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))).isTrue();
          i++;
          astral = true;
        } else {
          assertThat(Character.isLowSurrogate(c)).isFalse();
          combining |= c >= 0x300 && c <= 0x36F;
          ascii |= c < 0x80;
        }
      }
    }
    assertThat(astral).isTrue();
    assertThat(combining).isTrue();
    assertThat(ascii).isTrue();
  }

  @Test
  void numbersStayInTheirRangeAndReachBothEnds() {
    List<Long> xs = Gen.longs(-3, Long.MAX_VALUE).samples(3, 3000);
    assertThat(xs).allMatch(x -> x >= -3).contains(-3L, Long.MAX_VALUE, 0L);
    List<Integer> ys = Gen.ints(Integer.MIN_VALUE, -10).samples(3, 3000);
    assertThat(ys).allMatch(y -> y <= -10).contains(Integer.MIN_VALUE, -10);
  }

  @Test
  void uniqueListsHaveDistinctKeysAndRespectBounds() {
    Gen<List<Integer>> gen = Gen.uniqueLists(Gen.ints(0, 20), x -> x % 10, 2, 6);
    for (List<Integer> l : gen.samples(5, 1000)) {
      assertThat(l).hasSizeBetween(2, 6);
      assertThat(l.stream().map(x -> x % 10).distinct().count()).isEqualTo(l.size());
    }
  }

  @Test
  void shuffleIsAPermutationAndShrinksToTheGivenOrder() throws IOException {
    List<Integer> base = List.of(1, 2, 3, 4, 5, 6);
    Gen<List<Integer>> gen = Gen.shuffle(base);
    for (List<Integer> l : gen.samples(11, 500)) {
      assertThat(l).containsExactlyInAnyOrderElementsOf(base);
    }
    assertThat(gen.samples(11, 500)).anyMatch(l -> !l.equals(base));
    assertThrows(AssertionError.class, () -> Property.forAll(gen).exportTo(dir).check(l -> l.get(5) == 6));
    assertThat(onlyCounterexample().replay(gen).get(5)).isNotEqualTo(6);
  }

  sealed interface Tree permits Leaf, Node {}

  record Leaf(int value) implements Tree {}

  record Node(Tree left, Tree right) implements Tree {}

  private static int depth(Tree t) {
    return t instanceof Node n ? 1 + Math.max(depth(n.left()), depth(n.right())) : 0;
  }

  @Test
  void recursiveGeneratorsAreBoundedAndShrinkToALeaf() throws IOException {
    Gen<Tree> gen = Gen.recursive(
        Gen.ints(0, 9).map(Leaf::new), sub -> Gen.zip(sub, sub, Node::new), 6);
    List<Tree> trees = gen.samples(4, 500);
    assertThat(trees).allMatch(t -> depth(t) <= 6).anyMatch(t -> depth(t) >= 3);
    assertThrows(
        AssertionError.class,
        () -> Property.forAll(gen).exportTo(dir).check(t -> !(t instanceof Leaf l) || l.value() < 5));
    Counterexample c = onlyCounterexample();
    assertThat(c.replay(gen)).isEqualTo(new Leaf(5));
    assertThat(c.value()).contains("\"Leaf\"").contains("\"value\": 5");
  }

  @Test
  void splitMix64MatchesTheReferenceOutputs() {
    SplitMix64 r = new SplitMix64(0);
    assertThat(Long.toHexString(r.next())).isEqualTo("e220a8397b1dcdaf");
    assertThat(Long.toHexString(r.next())).isEqualTo("6e789e6aa1b965f4");
    assertThat(Long.toHexString(r.next())).isEqualTo("6c45d188009454f");
  }

  @Test
  void aMalformedCounterexampleFileIsAnIOException() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"format\": \"ibridge-counterexample/1\", \"choices\": [1, -2]}");
    assertThatThrownBy(() -> Counterexample.read(file)).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
  }

  @Test
  void theReplayPropertyRunsOnlyTheCounterexampleOfTheNamedProperty() throws IOException {
    Gen<List<Integer>> gen = Gen.lists(Gen.ints(0, 10_000), 0, 50);
    assertThrows(
        AssertionError.class,
        () -> Property.forAll(gen).named("big").exportTo(dir).check(l -> l.stream().allMatch(x -> x <= 100)));
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    List<List<Integer>> seen = new ArrayList<>();
    System.setProperty("ibridge.replay", file.toString());
    try {
      AssertionError again = assertThrows(
          AssertionError.class,
          () -> Property.forAll(gen).named("big").check(l -> seen.add(l) && l.stream().allMatch(x -> x <= 100)));
      assertThat(again.getMessage()).contains("still fails").contains(file.toString());
      assertThat(seen).containsExactly(List.of(101));

      seen.clear();
      Property.forAll(gen).named("big").check(seen::add);
      assertThat(seen).containsExactly(List.of(101));

      seen.clear();
      Property.forAll(gen).named("other").tries(5).check(seen::add);
      assertThat(seen).hasSize(5);
    } finally {
      System.clearProperty("ibridge.replay");
    }
  }
}
