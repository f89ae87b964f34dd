package dev.ibridge.cli.cargo;

import java.util.List;

/**
 * The rustc wrapper's counters for one cargo run. The wrapper appends one line per rustc
 * invocation, {@code OUTCOME FACET CRATE BYTES MICROS [REASON]}, where OUTCOME is {@code hit},
 * {@code computed}, {@code unrecorded} (the tool ran but nothing was emitted, for example because
 * it failed) or {@code passthrough} (not modelled: the plain tool ran).
 *
 * @param hit units restored from the store
 * @param computed units compiled and emitted
 * @param unrecorded units compiled but not emitted
 * @param passedThrough units the wrapper does not model
 * @param restoredBytes bytes restored by hits
 * @param storedBytes bytes of the outputs of computed units
 */
public record WrapperStats(
    int hit, int computed, int unrecorded, int passedThrough, long restoredBytes, long storedBytes) {

  /** Counts the given lines; a line that is not a counter line is an error, naming it. */
  public static WrapperStats of(List<String> lines) {
    int hit = 0;
    int computed = 0;
    int unrecorded = 0;
    int passthrough = 0;
    long restored = 0;
    long stored = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(" ");
      if (f.length < 5) {
        throw new IllegalArgumentException("not a wrapper counter line: " + line);
      }
      long bytes;
      try {
        bytes = Long.parseLong(f[3]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a wrapper counter line: " + line, e);
      }
      switch (f[0]) {
        case "hit" -> {
          hit++;
          restored += bytes;
        }
        case "computed" -> {
          computed++;
          stored += bytes;
        }
        case "unrecorded" -> unrecorded++;
        case "passthrough" -> passthrough++;
        default -> throw new IllegalArgumentException("unknown outcome in wrapper counter line: " + line);
      }
    }
    return new WrapperStats(hit, computed, unrecorded, passthrough, restored, stored);
  }

  /** The one-line summary {@code ibridge cargo} prints. */
  public String summary() {
    return "ibridge cargo: " + hit + " units hit, " + computed + " computed"
        + (unrecorded > 0 ? " (+" + unrecorded + " not recorded)" : "")
        + ", " + passedThrough + " passed through; "
        + restoredBytes + " bytes restored, " + storedBytes + " bytes stored";
  }
}
