package dev.ibridge.model;

/** How an emit ended. */
public enum EmitOutcome {
  /** The record was new and is now stored. */
  CREATED,
  /** An identical record was already stored; nothing changed. */
  ALREADY_PRESENT,
  /** A different record was stored under the same key; nothing changed. */
  CONFLICT
}
