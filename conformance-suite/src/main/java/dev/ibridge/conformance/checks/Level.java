package dev.ibridge.conformance.checks;

/** How strongly the specification asks for what a check verifies. */
public enum Level {
  /** The check verifies a MUST: a conforming implementation passes it. */
  REQUIRED,
  /** The check verifies a SHOULD: a conforming implementation may fail it with a reason. */
  RECOMMENDED
}
