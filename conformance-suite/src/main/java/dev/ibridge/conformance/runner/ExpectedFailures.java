package dev.ibridge.conformance.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expected-failure list: one check ID a line, optionally followed by {@code # reason}; blank
 * lines and lines that start with {@code #} are ignored. A listed check that fails is an expected
 * failure; one that passes, or an entry that names no check, makes the run fail, so the list
 * never goes stale quietly.
 */
public record ExpectedFailures(Map<String, String> reasons) {
  public ExpectedFailures {
    reasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
  }

  public static ExpectedFailures none() {
    return new ExpectedFailures(Map.of());
  }

  public static ExpectedFailures read(Path file) throws IOException {
    Map<String, String> reasons = new LinkedHashMap<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int hash = text.indexOf('#');
      String id = (hash < 0 ? text : text.substring(0, hash)).strip();
      String reason = hash < 0 ? "" : text.substring(hash + 1).strip();
      if (id.contains(" ") || id.contains("\t")) {
        throw new IOException(file + ":" + n + ": one check ID a line, optionally followed by # reason; got \"" + text + "\"");
      }
      if (reasons.putIfAbsent(id, reason) != null) {
        throw new IOException(file + ":" + n + ": " + id + " is listed twice");
      }
    }
    return new ExpectedFailures(reasons);
  }

  public boolean lists(String id) {
    return reasons.containsKey(id);
  }

  /** The entries that name none of {@code ids}. */
  public List<String> stale(Collection<String> ids) {
    List<String> stale = new ArrayList<>();
    for (String id : reasons.keySet()) {
      if (!ids.contains(id)) {
        stale.add(id);
      }
    }
    return stale;
  }

  /** Writes {@code failing} as a list, keeping the reasons this list gives. */
  public void write(Path file, List<String> failing) throws IOException {
    StringBuilder sb = new StringBuilder("# Expected failures of ibridge conformance: one check ID a line, # reason\n");
    for (String id : failing) {
      String reason = reasons.getOrDefault(id, "");
      sb.append(id).append(reason.isEmpty() ? "" : "  # " + reason).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }
}
