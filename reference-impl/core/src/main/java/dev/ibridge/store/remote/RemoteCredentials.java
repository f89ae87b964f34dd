package dev.ibridge.store.remote;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Credentials for the {@code Authorization} header. Their string form hides them (REQ-REMOTE-012). */
public sealed interface RemoteCredentials {
  /** The value of the {@code Authorization} header. */
  String header();

  /** A bearer token. */
  record Bearer(String token) implements RemoteCredentials {
    @Override
    public String header() {
      return "Bearer " + token;
    }

    @Override
    public String toString() {
      return "Bearer(<hidden>)";
    }
  }

  /** A user name and password for basic authentication. */
  record Basic(String user, String password) implements RemoteCredentials {
    @Override
    public String header() {
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Basic(<hidden>)";
    }
  }
}
