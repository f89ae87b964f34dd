package dev.ibridge.cli;

import dev.ibridge.model.ProtocolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code ibridge VERSION (protocol MAJOR.MINOR)}, the version filtered in at build time. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "ibridge " + projectVersion() + " (protocol " + ProtocolVersion.MAJOR + "." + ProtocolVersion.MINOR + ")"
    };
  }

  static String projectVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the ibridge jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }
}
