package dev.ibridge.conformance.runner;

import dev.ibridge.conformance.checks.Check;
import dev.ibridge.conformance.checks.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Picks the checks a run takes: by ID pattern ({@code *} is a wildcard) and by level. */
public final class Selector {
  private Selector() {}

  public static Pattern pattern(String glob) {
    StringBuilder re = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(re.toString());
  }

  public static boolean matches(String glob, String id) {
    return pattern(glob).matcher(id).matches();
  }

  /**
   * The checks of {@code all} that {@code options} selects, in catalog order.
   *
   * @throws IllegalArgumentException when a pattern matches no check
   */
  public static List<Check> select(List<Check> all, RunOptions options) {
    for (String t : options.tests()) {
      if (all.stream().noneMatch(c -> matches(t, c.id()))) {
        throw new IllegalArgumentException("--test " + t + " matches no check; list them with --list");
      }
    }
    List<Check> picked = new ArrayList<>();
    for (Check c : all) {
      boolean byId = options.tests().isEmpty() || options.tests().stream().anyMatch(t -> matches(t, c.id()));
      boolean byLevel = options.level().map(l -> l == Level.RECOMMENDED || c.descriptor().level() == Level.REQUIRED).orElse(true);
      if (byId && byLevel) {
        picked.add(c);
      }
    }
    return picked;
  }
}
