package dev.ibridge.store.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A remote's configuration, from the variables of spec chapter "Remote stores" (REQ-REMOTE-010):
 * {@code IBRIDGE_REMOTE}, {@code IBRIDGE_REMOTE_MODE}, a bearer token ({@code
 * IBRIDGE_REMOTE_TOKEN} or {@code _TOKEN_FILE}) or basic credentials ({@code IBRIDGE_REMOTE_USER}
 * with {@code _PASSWORD} or {@code _PASSWORD_FILE}), and the timeouts {@code
 * IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS} and {@code IBRIDGE_REMOTE_TIMEOUT_MS}. Errors are one line
 * that names no secret.
 */
public record RemoteConfig(
    RemoteEndpoint endpoint,
    boolean writes,
    Optional<RemoteCredentials> credentials,
    Duration connectTimeout,
    Duration readTimeout) {

  /** The configuration the variables give, or empty when {@code IBRIDGE_REMOTE} is unset or empty. */
  public static Optional<RemoteConfig> fromEnvironment(Map<String, String> env) {
    return Optional.ofNullable(value(env, "IBRIDGE_REMOTE")).map(url -> forUrl(url, env));
  }

  /** The configuration of the remote at {@code url} (a command's {@code --remote}), with the rest from the variables. */
  public static RemoteConfig forUrl(String url, Map<String, String> env) {
    RemoteEndpoint endpoint = RemoteEndpoint.parse(url);
    String mode = value(env, "IBRIDGE_REMOTE_MODE");
    if (mode != null && !mode.equals("read") && !mode.equals("write")) {
      throw new IllegalArgumentException("IBRIDGE_REMOTE_MODE is neither read nor write");
    }
    String token = secret(env, "IBRIDGE_REMOTE_TOKEN", "IBRIDGE_REMOTE_TOKEN_FILE");
    String user = value(env, "IBRIDGE_REMOTE_USER");
    Optional<RemoteCredentials> credentials;
    if (token != null && user != null) {
      throw new IllegalArgumentException("both a token and a user are given for the remote; give one");
    } else if (token != null) {
      credentials = Optional.of(new RemoteCredentials.Bearer(token));
    } else if (user != null) {
      String password = secret(env, "IBRIDGE_REMOTE_PASSWORD", "IBRIDGE_REMOTE_PASSWORD_FILE");
      if (password == null) {
        throw new IllegalArgumentException(
            "IBRIDGE_REMOTE_USER is set without IBRIDGE_REMOTE_PASSWORD or IBRIDGE_REMOTE_PASSWORD_FILE");
      }
      credentials = Optional.of(new RemoteCredentials.Basic(user, password));
    } else {
      credentials = Optional.empty();
    }
    return new RemoteConfig(endpoint, "write".equals(mode), credentials,
        millis(env, "IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS", 1000), millis(env, "IBRIDGE_REMOTE_TIMEOUT_MS", 10_000));
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  private static String secret(Map<String, String> env, String name, String fileName) {
    String v = value(env, name);
    if (v != null) {
      return v;
    }
    String file = value(env, fileName);
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the file " + fileName + " names");
    }
  }

  private static Duration millis(Map<String, String> env, String name, long byDefault) {
    String v = value(env, name);
    if (v == null) {
      return Duration.ofMillis(byDefault);
    }
    try {
      long n = Long.parseLong(v);
      if (n > 0) {
        return Duration.ofMillis(n);
      }
    } catch (NumberFormatException e) {
      // Reported below, without the value.
    }
    throw new IllegalArgumentException(name + " is not a positive number");
  }
}
