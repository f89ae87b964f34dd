package dev.ibridge.store;

import dev.ibridge.model.Record;
import java.util.Objects;

/** The answer to a request: a record whose blobs are all present and intact, or a miss and why. */
public sealed interface Lookup permits Lookup.Hit, Lookup.Miss {

  /** A stored record for the requested key, with every blob it names present and intact. */
  record Hit(Record record) implements Lookup {
    public Hit {
      Objects.requireNonNull(record, "record");
    }
  }

  /** No usable record; {@code reason} says why, for people. */
  record Miss(String reason) implements Lookup {
    public Miss {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
