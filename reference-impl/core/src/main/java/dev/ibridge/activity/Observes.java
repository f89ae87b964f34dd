package dev.ibridge.activity;

/** Which part of the subject's source files a facet's observable output depends on. */
public enum Observes {
  /** Interface and body: any source edit may change the output. */
  FULL,
  /** The interface part only: a body or comment edit leaves the observable output unchanged. */
  INTERFACE
}
