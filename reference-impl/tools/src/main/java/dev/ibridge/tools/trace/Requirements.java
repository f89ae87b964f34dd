package dev.ibridge.tools.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the requirements defined in the specification's AsciiDoc sources: every
 * {@code [[REQ-XXX-nnn]]} anchor, with the BCP 14 keywords of the statement that follows it (up to
 * the end of its paragraph or the next requirement). A statement that states more than
 * {@value #MAX_BINDING_KEYWORDS} MUST or SHOULD keywords is a problem: each ID names one testable
 * rule, so that a check citing it says which rule it exercises.
 */
public final class Requirements {
  private static final Pattern ANCHOR = Pattern.compile("\\[\\[(REQ-[A-Z]+-[0-9]{3})]]");
  private static final Pattern KEYWORD = Pattern.compile(
      "\\b(MUST NOT|MUST|REQUIRED|SHALL NOT|SHALL|SHOULD NOT|SHOULD|NOT RECOMMENDED|RECOMMENDED|MAY|OPTIONAL)\\b");
  private static final Pattern STATEMENT_END = Pattern.compile("^(\\s*$|\\[\\[|[*.] |-{4}|={4}|\\|===|=+ )");

  /**
   * The most MUST- and SHOULD-strength keywords one requirement may state: a rule and its negation
   * ("MUST X, and MUST NOT Y instead") is one rule; a third keyword is a second rule.
   */
  public static final int MAX_BINDING_KEYWORDS = 2;

  private Requirements() {}

  /** A source file of the specification: its name and text. */
  public record Source(String name, String text) {}

  /** The requirements found, in document order, and the problems that make the spec invalid. */
  public record Scan(List<Requirement> requirements, List<String> problems) {
    public Scan {
      requirements = List.copyOf(requirements);
      problems = List.copyOf(problems);
    }
  }

  public static Scan scan(List<Source> sources) {
    List<Requirement> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Requirement> byId = new LinkedHashMap<>();
    for (Source source : sources) {
      String[] lines = source.text().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = ANCHOR.matcher(lines[i]);
        while (m.find()) {
          String id = m.group(1);
          String statement = statement(lines, i, m.end());
          Requirement r = requirement(id, statement, source.name(), i + 1);
          if (r == null) {
            problems.add("requirement " + id + " (" + source.name() + ":" + (i + 1)
                + ") states no BCP 14 keyword (MUST, SHOULD, MAY, ...); make it normative or drop its ID");
            continue;
          }
          List<String> binding = binding(statement);
          if (binding.size() > MAX_BINDING_KEYWORDS) {
            problems.add("requirement " + id + " (" + r.location() + ") states " + binding.size()
                + " MUST or SHOULD keywords " + binding + "; one ID is one testable rule of at most "
                + MAX_BINDING_KEYWORDS + ": split it, the first rule keeping " + id
                + " and each other rule taking the chapter's next free number");
          }
          Requirement earlier = byId.putIfAbsent(id, r);
          if (earlier != null) {
            problems.add("requirement " + id + " is defined twice: at " + earlier.location() + " and at "
                + r.location() + "; IDs are never reused, give the new statement the next free number");
          } else {
            found.add(r);
          }
        }
      }
    }
    return new Scan(found, problems);
  }

  /** The statement after an anchor: the rest of its line and the lines up to the paragraph's end. */
  private static String statement(String[] lines, int line, int from) {
    String rest = lines[line].substring(from);
    Matcher next = ANCHOR.matcher(rest);
    if (next.find()) {
      return rest.substring(0, next.start());
    }
    StringBuilder text = new StringBuilder(rest);
    for (int i = line + 1; i < lines.length && !STATEMENT_END.matcher(lines[i]).find(); i++) {
      text.append(' ').append(lines[i]);
    }
    return text.toString();
  }

  /** The MUST- and SHOULD-strength keywords of a statement, in order. */
  private static List<String> binding(String statement) {
    List<String> found = new ArrayList<>();
    Matcher k = KEYWORD.matcher(statement);
    while (k.find()) {
      if (strength(k.group(1)) != Requirement.Strength.MAY) {
        found.add(k.group(1));
      }
    }
    return found;
  }

  private static Requirement requirement(String id, String statement, String file, int line) {
    Matcher k = KEYWORD.matcher(statement);
    Requirement.Strength best = null;
    String keyword = null;
    while (k.find()) {
      Requirement.Strength s = strength(k.group(1));
      if (best == null || s.ordinal() < best.ordinal()) {
        best = s;
        keyword = k.group(1);
      }
    }
    return best == null ? null : new Requirement(id, best, keyword, file, line);
  }

  private static Requirement.Strength strength(String keyword) {
    return switch (keyword) {
      case "MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT" -> Requirement.Strength.MUST;
      case "SHOULD", "SHOULD NOT", "RECOMMENDED", "NOT RECOMMENDED" -> Requirement.Strength.SHOULD;
      default -> Requirement.Strength.MAY;
    };
  }
}
