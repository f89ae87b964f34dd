package dev.ibridge.conformance.checks;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of one conformance check: its ID (which embeds the anchor of the first
 * requirement it checks, e.g. {@code Required.REQ-KEY-001.SingleBlockArrays}), the requirement
 * IDs it cites, its level and a one-line title.
 */
public record CheckDescriptor(String id, List<String> requirements, Level level, String title) {
  private static final Pattern REQUIREMENT = Pattern.compile("REQ-[A-Z]+-[0-9]{3}");

  public CheckDescriptor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(title, "title");
    requirements = List.copyOf(requirements);
    if (requirements.isEmpty()) {
      throw new IllegalArgumentException("check " + id + " cites no requirement");
    }
    for (String r : requirements) {
      if (!REQUIREMENT.matcher(r).matches()) {
        throw new IllegalArgumentException("check " + id + " cites a malformed requirement ID: " + r);
      }
    }
    if (!id.contains(requirements.get(0))) {
      throw new IllegalArgumentException(
          "check ID " + id + " must embed its first requirement " + requirements.get(0));
    }
  }
}
