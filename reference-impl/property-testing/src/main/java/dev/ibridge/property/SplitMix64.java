package dev.ibridge.property;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014), chosen because it is ten lines in any
 * language, so that another implementation can reproduce a run from its seed. The bounded draw and
 * the edge bias below are part of the documented choice format (spec/conformance-generators.adoc).
 */
public final class SplitMix64 {
  static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The seed of case {@code index} of a run: output {@code index} of SplitMix64(runSeed). */
  static long caseSeed(long runSeed, int index) {
    return mix(runSeed + (index + 1L) * GAMMA);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The next 64 bits of the stream. */
  public long next() {
    state += GAMMA;
    return mix(state);
  }

  /**
   * A choice in {@code [0, max]}: one draw in sixteen is an edge value (0, max, 1 or max - 1),
   * the rest are uniform. A forced choice ({@code max == 0}) consumes no output.
   */
  long choice(long max) {
    if (max == 0) {
      return 0;
    }
    long e = next();
    if ((e & 15) == 0) {
      switch ((int) ((e >>> 4) & 3)) {
        case 0:
          return 0;
        case 1:
          return max;
        case 2:
          return 1;
        default:
          return max - 1;
      }
    }
    return uniform(max);
  }

  /** Uniform in {@code [0, max]} from 63-bit outputs, rejecting the biased top range. */
  long uniform(long max) {
    if (max == Long.MAX_VALUE) {
      return next() >>> 1;
    }
    long bound = max + 1;
    while (true) {
      long r = next() >>> 1;
      long v = r % bound;
      if (r - v + (bound - 1) >= 0) {
        return v;
      }
    }
  }
}
