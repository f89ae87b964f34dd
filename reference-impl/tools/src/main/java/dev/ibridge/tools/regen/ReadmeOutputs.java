package dev.ibridge.tools.regen;

import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.CheckDescriptor;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.MutantCatalog;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.mutants.Mutants;
import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.ConformanceRunner;
import dev.ibridge.conformance.runner.RunOptions;
import dev.ibridge.conformance.runner.RunResult;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The README's figures that come from the suite: the number of checks in the catalog, and the
 * mutant score table, each between marker comments that the regenerate command rewrites.
 */
final class ReadmeOutputs {
  static final String PATH = "README.md";
  /** The seed of the mutant runs: fixed, so the table is the same on every run. */
  static final long SEED = 1L;

  /** One mutant's row: the checks citing its requirement that fail, and how many other checks fail. */
  record Score(Mutants.Mutant mutant, List<String> caughtBy, int others) {}

  private ReadmeOutputs() {}

  static GeneratedFile generate(String readme, int checks, List<Score> scores) {
    String out = replace(readme, "check-count", Integer.toString(checks));
    out = replace(out, "mutant-table", "\n" + table(scores));
    return new GeneratedFile(PATH, out);
  }

  /**
   * Replaces what stands between {@code <!-- generated:NAME -->} and {@code <!-- /generated:NAME -->};
   * a README without the pair is an error, so a lost marker cannot silently stop the update.
   */
  static String replace(String text, String name, String content) {
    Pattern region = Pattern.compile("(<!-- generated:" + Pattern.quote(name) + " [^>]*-->)(.*?)(<!-- /generated:"
        + Pattern.quote(name) + " -->)", Pattern.DOTALL);
    Matcher m = region.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(PATH + " lacks the markers <!-- generated:" + name
          + " ... --> and <!-- /generated:" + name + " -->");
    }
    String replaced = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + content + m.group(3)));
    if (region.matcher(replaced).results().count() != 1) {
      throw new IllegalArgumentException(PATH + " has the markers of " + name + " more than once");
    }
    return replaced;
  }

  static String table(List<Score> scores) {
    StringBuilder out = new StringBuilder();
    out.append("| Mutant | What it breaks | Requirement | Caught by (checks citing the requirement) | Other checks it fails |\n")
        .append("|---|---|---|---|---|\n");
    for (Score s : scores) {
      out.append("| `").append(s.mutant().name()).append("` | ").append(s.mutant().description())
          .append(" | ").append(s.mutant().breaks()).append(" | ")
          .append(s.caughtBy().stream().map(id -> "`" + id + "`").collect(Collectors.joining(", ")))
          .append(" | ").append(s.others()).append(" |\n");
    }
    return out.toString();
  }

  /** Runs every mutant in process against the whole catalog, seed {@link #SEED}, default tries. */
  static List<Score> scores() throws IOException {
    List<Score> scores = new java.util.ArrayList<>();
    for (Mutants.Mutant mutant : Mutants.all()) {
      RunResult run;
      try (Testee t = MutantCatalog.lookup(mutant.name(), new InProcessTestee())) {
        run = ConformanceRunner.run(t, RunOptions.defaults(SEED, "ibridge conformance --testee MUTANT"), line -> {});
      } catch (ConformanceRunner.HarnessError e) {
        throw new IOException("mutant " + mutant.name() + ": " + e.getMessage(), e);
      } catch (Exception e) {
        throw new IOException("mutant " + mutant.name() + ": " + e, e);
      }
      List<CheckDescriptor> failed = run.results().stream().filter(r -> r.status() == CheckResult.Status.FAILED)
          .map(CheckResult::check).toList();
      List<String> caught = failed.stream().filter(d -> d.requirements().contains(mutant.breaks()))
          .map(CheckDescriptor::id).toList();
      if (caught.isEmpty()) {
        throw new IllegalStateException("mutant " + mutant.name() + " is caught by no check citing " + mutant.breaks());
      }
      scores.add(new Score(mutant, caught, failed.size() - caught.size()));
    }
    return scores;
  }

  static int checkCount() {
    return Catalog.all().size();
  }
}
