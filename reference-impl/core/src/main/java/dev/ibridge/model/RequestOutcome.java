package dev.ibridge.model;

/** How a request was answered. */
public enum RequestOutcome {
  /** A record was found under the requested input key. */
  HIT,
  /** No record was found; the requester computes the facet. */
  MISS
}
