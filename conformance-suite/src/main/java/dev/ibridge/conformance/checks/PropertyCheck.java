package dev.ibridge.conformance.checks;

import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import dev.ibridge.json.JsonForm;
import dev.ibridge.property.Counterexample;
import dev.ibridge.property.Gen;
import dev.ibridge.property.Property;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A check that holds for every generated case. It runs on the generator engine
 * ({@link Property}): cases come from the run's seed, and a failure is shrunk to a small case,
 * written as a counterexample file and reported with a one-line replay command. Protocol values in
 * the file and in the message are in their JSON form, the one {@code ibridge decode} prints and
 * {@code ibridge key} and {@code ibridge encode} read.
 */
public final class PropertyCheck<T> implements Check {
  /** The check of one case: throws when the testee breaks a requirement on it. */
  @FunctionalInterface
  public interface Body<T> {
    void check(CheckContext context, T value) throws Exception;
  }

  /** Failures after which the testee cannot answer more cases usefully: stop asking it. */
  private static final Set<TesteeFailure> FATAL =
      EnumSet.of(TesteeFailure.TIMEOUT, TesteeFailure.VERSION_MISMATCH, TesteeFailure.PROTOCOL_ERROR);

  private final CheckDescriptor descriptor;
  private final Set<Operation> operations;
  private final Gen<T> gen;
  private final int defaultTries;
  private final int shrinkBudget;
  private final Function<? super T, String> renderer;
  private final Body<T> body;

  public PropertyCheck(
      CheckDescriptor descriptor,
      Set<Operation> operations,
      Gen<T> gen,
      int defaultTries,
      int shrinkBudget,
      Function<? super T, String> renderer,
      Body<T> body) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.operations = Set.copyOf(operations);
    this.gen = Objects.requireNonNull(gen, "gen");
    this.defaultTries = defaultTries;
    this.shrinkBudget = shrinkBudget;
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public CheckDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public Set<Operation> operations() {
    return operations;
  }

  public Gen<T> gen() {
    return gen;
  }

  @Override
  public void run(CheckContext context) throws Exception {
    TesteeException[] fatal = new TesteeException[1];
    long seed = context.seed();
    Path dir = context.counterexampleDir();
    try {
      Property.forAll(gen)
          .named(descriptor.id())
          .seed(seed)
          .tries(context.tries(defaultTries))
          .shrinkBudget(shrinkBudget)
          .renderedBy(renderer)
          .jsonBy(JsonForm::treeOf)
          .exportTo(dir)
          .verify(value -> {
            if (fatal[0] != null) {
              throw fatal[0];
            }
            evaluate(context, value, fatal);
          });
    } catch (AssertionError e) {
      throw failure(context, e, dir.resolve(fileName(descriptor.id(), seed)));
    }
  }

  /** Replays the case of a counterexample file written by a failing run of this check. */
  public void replay(CheckContext context, Counterexample counterexample) throws Exception {
    T value = counterexample.replay(gen);
    evaluate(context, value, new TesteeException[1]);
  }

  private void evaluate(CheckContext context, T value, TesteeException[] fatal) throws Exception {
    context.countScenario();
    try {
      body.check(context, value);
    } catch (TesteeException e) {
      if (FATAL.contains(e.failure())) {
        fatal[0] = e;
      }
      throw e;
    } finally {
      context.clearScratch();
    }
  }

  /** The name the engine gives the counterexample file of this check for {@code seed}. */
  static String fileName(String id, long seed) {
    return id.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + seed + ".json";
  }

  private CheckFailure failure(CheckContext context, AssertionError e, Path file) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String shrunk = "";
    String exported = "";
    if (Files.isRegularFile(file)) {
      try {
        Counterexample c = Counterexample.read(file);
        String value = c.value().length() > 2000 ? c.value().substring(0, 2000) + " ... (the whole case is in the file)" : c.value();
        shrunk = "shrunk case (" + c.choices().size() + " choices, case " + c.caseNumber() + "): " + value + "\n";
        exported = "exported to " + file + "\n";
      } catch (IOException ignored) {
        shrunk = "";
      }
    }
    String message = oneLine(cause) + "\n"
        + "seed " + context.seed() + "; " + shrunk
        + exported
        + "replay: " + context.replayCommand(descriptor.id());
    return new PropertyFailure(message, cause, context.seed(), file);
  }

  static String oneLine(Throwable t) {
    String m = t instanceof CheckFailure || t instanceof TesteeException ? t.getMessage() : t.toString();
    m = String.valueOf(m).replace('\n', ' ');
    return m.length() > 1500 ? m.substring(0, 1500) + "..." : m;
  }
}
