package dev.ibridge.store.remote;

import java.net.URI;

/**
 * Where a remote store is (spec chapter "Remote stores"): {@code http://host[:port][/instance]}.
 * Messages name it by {@link #shown()}, which never holds user information.
 */
public record RemoteEndpoint(String host, int port, String prefix) {

  /** Parses the base URL; an error never repeats the text, which could hold a secret. */
  public static RemoteEndpoint parse(String url) {
    if (url.startsWith("https://")) {
      throw new IllegalArgumentException(
          "https remotes need a TLS-terminating proxy on loopback; give its http:// address");
    }
    if (!url.startsWith("http://")) {
      throw new IllegalArgumentException("the remote is not an http:// URL");
    }
    String rest = url.substring("http://".length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (authority.contains("@")) {
      throw new IllegalArgumentException("the remote URL holds credentials; give them in IBRIDGE_REMOTE_TOKEN or"
          + " IBRIDGE_REMOTE_USER and IBRIDGE_REMOTE_PASSWORD instead");
    }
    if (path.contains("?") || path.contains("#") || url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("the remote URL has a query, a fragment or white space");
    }
    String host = authority;
    int port = 80;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && !authority.endsWith("]")) {
      host = authority.substring(0, colon);
      try {
        port = Integer.parseInt(authority.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the remote URL has a port that is not a number");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("the remote URL has a port out of range");
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("the remote URL has no host");
    }
    String prefix = path.replaceAll("/+$", "");
    return new RemoteEndpoint(host, port, prefix);
  }

  /** The remote as messages name it. */
  public String shown() {
    return "http://" + host + ":" + port + prefix;
  }

  URI uri(String path) {
    return URI.create(shown() + path);
  }
}
