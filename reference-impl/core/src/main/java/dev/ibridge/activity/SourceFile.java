package dev.ibridge.activity;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.FileInput;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One source file of a subject, split into the part other units can see ({@code interfacePart}:
 * signatures, public types) and the rest ({@code body}: function bodies, private items, comments).
 * An edit to the body alone changes the file's digest but not what dependents observe.
 */
public record SourceFile(String path, String interfacePart, String body) {
  public SourceFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(interfacePart, "interfacePart");
    Objects.requireNonNull(body, "body");
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException(
          "source path must be workspace-relative with / separators, got \"" + path + "\"");
    }
  }

  /** The file's bytes: the interface part, a line feed, then the body. */
  public Bytes content() {
    return Bytes.wrap((interfacePart + "\n" + body).getBytes(StandardCharsets.UTF_8));
  }

  public FileInput fileInput() {
    Bytes content = content();
    return new FileInput(path, Keys.blobDigest(content.toByteArray()), content.size());
  }

  public SourceFile withInterface(String newInterface) {
    return new SourceFile(path, newInterface, body);
  }

  public SourceFile withBody(String newBody) {
    return new SourceFile(path, interfacePart, newBody);
  }
}
