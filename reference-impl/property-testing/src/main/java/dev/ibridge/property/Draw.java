package dev.ibridge.property;

/**
 * The source a {@link Gen} draws from. Inside a generator, draw every part through
 * {@link #draw}, so that the shrinker sees the part's choices as one unit it can delete or
 * simplify. Only the engine implements this interface.
 */
public sealed interface Draw permits Choices {
  /** The largest {@link #size()}. */
  int MAX_SIZE = 99;

  /** Draws a value from {@code gen}. */
  <T> T draw(Gen<T> gen);

  /**
   * How large the current case may be, in {@code [0, MAX_SIZE]}; case {@code i} of a run has size
   * {@code i % 100}, so small cases come early and keep coming. See {@link Gen#sized}.
   */
  int size();
}
