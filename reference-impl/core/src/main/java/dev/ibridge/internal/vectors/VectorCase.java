package dev.ibridge.internal.vectors;

import dev.ibridge.model.Bytes;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One chosen value of one message type, with a stable name and what it is meant to exercise.
 * {@code blobs} are the contents of blobs the value refers to, so that their digests become part
 * of the vector; it is empty except for records.
 */
public record VectorCase<T>(VectorType<T> type, String name, String description, T value, List<Bytes> blobs) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public VectorCase {
    Objects.requireNonNull(type, "type");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("vector name must be lower-case words joined by '-', got \"" + name + "\"");
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(value, "value");
    blobs = List.copyOf(blobs);
  }

  /** The vector file's path relative to {@code v1/}. */
  public String path() {
    return type.directory() + "/" + name + ".json";
  }
}
