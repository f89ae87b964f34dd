package dev.ibridge.property;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks that a property holds for many generated values, and on failure shrinks the value to a
 * simple one and reports how to replay it:
 *
 * <pre>{@code
 * Property.forAll(ModelGens.records()).check(r -> decode(encode(r)).equals(r));
 * }</pre>
 *
 * <p>A run tries {@code tries} cases (default 1,000). Case {@code i} is generated from its own
 * seed, derived from the run's seed and {@code i} alone, so a case replays without its
 * predecessors. The run's seed is, in order of precedence: the system property
 * {@code ibridge.seed} (a number, or {@code random}), {@link #seed}, or a hash of the property's
 * name, so a build is reproducible unless asked otherwise. {@code ibridge.tries} overrides the
 * number of cases, and {@code ibridge.replay=FILE} runs only the counterexample in FILE (for the
 * property it names).
 *
 * <p>On failure the {@link AssertionError} names the property, the seed, the failing case, the
 * shrunk value and both failures, the file the counterexample was written to (directory
 * {@code ibridge.counterexamples}, default {@code target/ibridge-counterexamples}) and a one-line
 * Maven command that replays it. Instances are immutable; each setter returns a new one.
 */
public final class Property<T> {
  /** Default number of cases per run. */
  public static final int DEFAULT_TRIES = 1000;
  /** Default number of candidate evaluations the shrinker may spend. */
  public static final int DEFAULT_SHRINK_BUDGET = 5000;

  /** The body of a property: returns normally when it holds, throws when it does not. */
  @FunctionalInterface
  public interface Body<T> {
    void accept(T value) throws Exception;
  }

  private final Gen<T> gen;
  private final String name;
  private final Integer tries;
  private final Long seed;
  private final int shrinkBudget;
  private final Function<? super T, String> renderer;
  private final Path exportDir;
  private final Function<Object, JsonNode> json;

  private Property(
      Gen<T> gen, String name, Integer tries, Long seed, int shrinkBudget, Function<? super T, String> renderer, Path exportDir,
      Function<Object, JsonNode> json) {
    this.gen = gen;
    this.name = name;
    this.tries = tries;
    this.seed = seed;
    this.shrinkBudget = shrinkBudget;
    this.renderer = renderer;
    this.exportDir = exportDir;
    this.json = json;
  }

  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(Objects.requireNonNull(gen, "gen"), null, null, null, DEFAULT_SHRINK_BUDGET, String::valueOf, null, v -> null);
  }

  /** Names the property in reports and files; by default it is the calling {@code Class#method}. */
  public Property<T> named(String name) {
    return new Property<>(gen, Objects.requireNonNull(name, "name"), tries, seed, shrinkBudget, renderer, exportDir, json);
  }

  public Property<T> tries(int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, got " + tries);
    }
    return new Property<>(gen, name, tries, seed, shrinkBudget, renderer, exportDir, json);
  }

  public Property<T> seed(long seed) {
    return new Property<>(gen, name, tries, seed, shrinkBudget, renderer, exportDir, json);
  }

  public Property<T> shrinkBudget(int evaluations) {
    if (evaluations < 0) {
      throw new IllegalArgumentException("shrink budget must not be negative, got " + evaluations);
    }
    return new Property<>(gen, name, tries, seed, evaluations, renderer, exportDir, json);
  }

  /** How values are shown in the failure message; {@code toString} by default. */
  public Property<T> renderedBy(Function<? super T, String> renderer) {
    return new Property<>(gen, name, tries, seed, shrinkBudget, Objects.requireNonNull(renderer, "renderer"), exportDir, json);
  }

  /**
   * How the values of a domain are written into counterexample files: {@code known} returns the
   * JSON of a value it knows (a protocol message in its own JSON form, say) and null for any other,
   * which is rendered as {@link ValueTree#render(Object)} does, its parts asked again.
   */
  public Property<T> jsonBy(Function<Object, JsonNode> known) {
    return new Property<>(gen, name, tries, seed, shrinkBudget, renderer, exportDir, Objects.requireNonNull(known, "known"));
  }

  /** Where counterexample files go; overrides the system property {@code ibridge.counterexamples}. */
  public Property<T> exportTo(Path dir) {
    return new Property<>(gen, name, tries, seed, shrinkBudget, renderer, Objects.requireNonNull(dir, "dir"), json);
  }

  /** Checks that {@code predicate} is true for every value. */
  public void check(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    run(
        caller(),
        v -> {
          if (!predicate.test(v)) {
            throw new AssertionError("predicate returned false");
          }
        });
  }

  /** Checks that {@code body} returns normally for every value; assertions inside it may throw. */
  public void verify(Body<? super T> body) {
    run(caller(), Objects.requireNonNull(body, "body"));
  }

  /**
   * The test method that runs the property: the first frame outside this class, or, when that is a
   * lambda (as inside {@code assertThrows}), the first later frame of the same class that is not.
   */
  private static StackWalker.StackFrame caller() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> {
          List<StackWalker.StackFrame> outside =
              frames.filter(f -> f.getDeclaringClass() != Property.class).limit(64).toList();
          StackWalker.StackFrame first = outside.get(0);
          return outside.stream()
              .filter(f -> f.getDeclaringClass() == first.getDeclaringClass())
              .filter(f -> !f.getMethodName().startsWith("lambda$"))
              .findFirst()
              .orElse(first);
        });
  }

  private void run(StackWalker.StackFrame caller, Body<? super T> body) {
    Class<?> top = caller.getDeclaringClass();
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    String selector = top.getSimpleName() + "#" + caller.getMethodName();
    String property = name != null ? name : selector;
    Function<T, Throwable> evaluate = v -> evaluate(body, v);

    String replay = System.getProperty("ibridge.replay");
    if (replay != null && replayOnly(Path.of(replay), property, evaluate)) {
      return;
    }
    long runSeed = runSeed(property);
    int n = tries != null ? tries : DEFAULT_TRIES;
    String triesOverride = System.getProperty("ibridge.tries");
    if (triesOverride != null) {
      n = Integer.parseInt(triesOverride.trim());
    }
    int passed = 0;
    int discarded = 0;
    for (int i = 0; passed < n; i++) {
      int size = i % (Draw.MAX_SIZE + 1);
      Choices choices = Choices.random(SplitMix64.caseSeed(runSeed, i), size);
      T value;
      try {
        value = choices.draw(gen);
      } catch (Choices.Invalid e) {
        if (++discarded > Math.max(n, 100)) {
          throw new AssertionError(
              "Property " + property + " discarded " + discarded + " cases and passed only " + passed
                  + " (seed " + runSeed + "): the generator's filters are too strict; last reason: "
                  + e.getMessage());
        }
        continue;
      }
      Throwable failure = evaluate.apply(value);
      if (failure != null) {
        Shrinker<T> shrunk = new Shrinker<>(gen, evaluate, size, shrinkBudget, choices, value, failure).run();
        throw report(property, selector, runSeed, i, size, n, shrunk, failure);
      }
      passed++;
    }
  }

  private long runSeed(String property) {
    String override = System.getProperty("ibridge.seed");
    if (override != null && !override.isBlank()) {
      if (override.trim().equals("random")) {
        return new java.security.SecureRandom().nextLong();
      }
      return Long.parseLong(override.trim());
    }
    if (seed != null) {
      return seed;
    }
    long h = 0;
    for (byte b : property.getBytes(StandardCharsets.UTF_8)) {
      h = SplitMix64.mix(h + (b & 0xFF));
    }
    return h;
  }

  private boolean replayOnly(Path file, String property, Function<T, Throwable> evaluate) {
    Counterexample c;
    try {
      c = Counterexample.read(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot replay -Dibridge.replay=" + file + ": " + e.getMessage(), e);
    }
    if (!c.property().equals(property)) {
      return false;
    }
    T value = c.replay(gen);
    Throwable failure = evaluate.apply(value);
    if (failure != null) {
      AssertionError e = new AssertionError(
          "Property " + property + " still fails on the counterexample replayed from " + file + ":\n  "
              + render(value) + "\nFailure: " + failure,
          failure);
      throw e;
    }
    return true;
  }

  private static Throwable evaluate(Body<?> body, Object value) {
    try {
      @SuppressWarnings("unchecked")
      Body<Object> b = (Body<Object>) body;
      b.accept(value);
      return null;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
  }

  private AssertionError report(
      String property, String selector, long runSeed, int caseNumber, int size, int n, Shrinker<T> shrunk, Throwable original) {
    List<Long> choices = new ArrayList<>();
    for (long c : shrunk.choices()) {
      choices.add(c);
    }
    String json;
    try {
      json = ValueTree.write(ValueTree.render(shrunk.value(), this.json));
    } catch (RuntimeException e) {
      json = ValueTree.write(ValueTree.render("<could not render: " + e + ">"));
    }
    Counterexample example =
        new Counterexample(property, runSeed, caseNumber, size, choices, json, oneLine(shrunk.failure()));
    Path dir = exportDir != null
        ? exportDir
        : Path.of(System.getProperty("ibridge.counterexamples", "target/ibridge-counterexamples"));
    Path file = dir.resolve(property.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + runSeed + ".json").toAbsolutePath();
    String written;
    try {
      example.write(file);
      written = "Counterexample written to " + file + " (replay it with -Dibridge.replay=" + file + ")";
    } catch (IOException | RuntimeException e) {
      written = "Counterexample could not be written to " + file + ": " + e;
    }
    String message = "Property " + property + " failed on case " + caseNumber + " of " + n
        + " (counting from 0; seed " + runSeed + ", size " + size + ").\n"
        + "Shrunk value (" + shrunk.improvements() + " shrinks in " + shrunk.evaluations() + " evaluations, "
        + choices.size() + " choices):\n  " + render(shrunk.value()) + "\n"
        + "Failure on the shrunk value: " + oneLine(shrunk.failure()) + "\n"
        + "Original failure: " + oneLine(original) + "\n"
        + written + "\n"
        + "Replay: mvn -pl " + module() + " -am test -Dtest=" + selector
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + runSeed;
    AssertionError error = new AssertionError(message, shrunk.failure());
    if (original != shrunk.failure()) {
      error.addSuppressed(original);
    }
    return error;
  }

  /**
   * The Maven module the property runs in, as {@code -pl} takes it: the module directory (surefire's
   * {@code basedir}) relative to the outermost directory above it that still holds a pom.xml.
   */
  static String module() {
    Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    Path top = dir;
    for (Path p = dir.getParent(); p != null && Files.isRegularFile(p.resolve("pom.xml")); p = p.getParent()) {
      top = p;
    }
    String module = top.relativize(dir).toString().replace('\\', '/');
    return module.isEmpty() ? "." : module;
  }

  private String render(T value) {
    try {
      return renderer.apply(value);
    } catch (RuntimeException e) {
      return "<renderer failed: " + e + ">";
    }
  }

  private static String oneLine(Throwable t) {
    String s = t.toString().replace("\n", " | ");
    return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
  }
}
