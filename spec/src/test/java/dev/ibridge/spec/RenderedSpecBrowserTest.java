package dev.ibridge.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the rendered specification in Debian's headless Chromium and checks it as a reader's
 * browser sees it: every internal link and anchor resolves, every image loads, the traceability
 * table is there, and nothing is fetched from the network. At 1280 px, nothing is clipped: the page
 * does not scroll sideways, the traceability matrix (sorted by requirement ID, no ID broken over
 * two lines) fits the text column, and every figure fits it at 90 % of its size or more. Every
 * requirement ID links to itself and is followed by the checks that cite it.
 *
 * <p>Links are checked by a script injected into a copy of the page, run by Chromium itself after
 * the page has loaded; its verdict is read back from {@code --dump-dom}. Network use is caught by
 * pointing Chromium's proxy at a local socket that records every request: a page that is really
 * self-contained is served from {@code file://} and never reaches the proxy, while any http or
 * https fetch (a web font, a CDN script, an image) arrives there. Background networking,
 * component updates and sync are switched off, and what remains of Chromium's own traffic is
 * recognised by exact host. The injected script also lists, from the Resource Timing API, every
 * resource the page loaded, and fails on any that is not a local file.
 */
@Tag("interop")
class RenderedSpecBrowserTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHECK_SCRIPT = """
      <script>
      window.addEventListener('load', () => {
        const out = [];
        const ids = new Set(Array.from(document.querySelectorAll('[id]')).map(e => e.id));
        let links = 0;
        for (const a of document.querySelectorAll('a[href^="#"]')) {
          links++;
          const target = decodeURIComponent(a.getAttribute('href').substring(1));
          if (target !== '' && !ids.has(target)) out.push('broken-link #' + target);
        }
        for (const img of document.images) {
          if (!img.complete || img.naturalWidth === 0) out.push('broken-image ' + img.getAttribute('src'));
        }
        for (const r of performance.getEntriesByType('resource')) {
          if (!r.name.startsWith('file:') && !r.name.startsWith('data:')) out.push('fetched ' + r.name);
        }
        const rows = document.querySelectorAll('#traceability-table tbody tr').length;
        const reqs = document.querySelectorAll('[id^="REQ-"]').length;
        // At 1280 px: no horizontal scrolling, the matrix inside the text column, sorted by ID, each
        // ID on one line, and every figure inside the column at 90 % of its size or more.
        const de = document.documentElement;
        if (de.scrollWidth > de.clientWidth) out.push('clipped page: ' + de.scrollWidth + ' px wide in ' + de.clientWidth);
        const column = document.getElementById('content').getBoundingClientRect();
        const table = document.getElementById('traceability-table');
        if (table.getBoundingClientRect().right > column.right + 1) out.push('clipped traceability-table');
        const order = Array.from(table.querySelectorAll('tbody tr td:first-child')).map(td => td.textContent.trim());
        if (order.join() !== order.slice().sort().join()) out.push('unsorted traceability-table');
        for (const a of table.querySelectorAll('tbody tr td:first-child a')) {
          if (a.getClientRects().length > 1) out.push('wrapped-id ' + a.textContent);
        }
        for (const img of document.images) {
          const box = img.getBoundingClientRect();
          if (box.right > column.right + 1) out.push('clipped image ' + img.getAttribute('src'));
          if (box.width < 0.9 * img.naturalWidth) out.push('shrunk image ' + img.getAttribute('src') + ' to '
              + Math.round(100 * box.width / img.naturalWidth) + ' %');
        }
        const selfLinks = Array.from(document.querySelectorAll('a.req-link'))
            .filter(a => a.getAttribute('href') === '#' + a.textContent).length;
        const cited = Array.from(table.querySelectorAll('tbody tr')).filter(tr => tr.cells[3].querySelector('a')).length;
        const pre = document.createElement('pre');
        pre.id = 'ibridge-browser-check';
        pre.textContent = ['links ' + links, 'traceability-rows ' + rows, 'requirement-anchors ' + reqs,
            'images ' + document.images.length, 'requirement-self-links ' + selfLinks,
            'requirements-cited ' + cited,
            'checked-by-lists ' + document.querySelectorAll('.checked-by').length].concat(out).join('\\n');
        document.body.appendChild(pre);
      });
      </script>
      """;

  @TempDir Path tmp;

  @Test
  void theRenderedPageIsSelfContainedAndEveryInternalLinkResolves() throws Exception {
    Path html = Path.of(System.getProperty("ibridge.spec.html", "target/html/index.html"));
    assertThat(html).as("the rendered spec (mvn renders it before the tests)").isRegularFile();
    Path site = tmp.resolve("site");
    copyTree(html.getParent(), site);
    String page = Files.readString(html);
    Files.writeString(site.resolve("index.html"), page.replace("</body>", CHECK_SCRIPT + "</body>"));

    try (RecordingProxy proxy = new RecordingProxy()) {
      String dom = chromium(proxy, "--dump-dom", "--window-size=1280,1600", site.resolve("index.html").toUri().toString());
      Matcher m = Pattern.compile("<pre id=\"ibridge-browser-check\">([^<]*)</pre>").matcher(dom);
      assertThat(m.find()).as("the check script ran in the browser").isTrue();
      List<String> lines = List.of(m.group(1).split("\n"));
      assertThat(lines).as("broken links or images, resources the page fetched from outside file:, and clipping, "
              + "wrapping or shrinking at 1280 px")
          .noneMatch(l -> l.startsWith("broken") || l.startsWith("fetched") || l.startsWith("clipped")
              || l.startsWith("unsorted") || l.startsWith("wrapped") || l.startsWith("shrunk"));
      assertThat(count(lines, "links")).as("internal links").isGreaterThan(100);
      assertThat(count(lines, "traceability-rows")).as("rows of the traceability table")
          .isEqualTo(count(lines, "requirement-anchors")).isPositive();
      assertThat(count(lines, "images")).as("diagrams on the page").isGreaterThanOrEqualTo(4);
      assertThat(count(lines, "requirement-self-links")).as("requirement IDs that link to themselves")
          .isEqualTo(count(lines, "requirement-anchors"));
      assertThat(count(lines, "checked-by-lists")).as("requirements followed by the checks that cite them")
          .isEqualTo(count(lines, "requirements-cited")).isPositive();

      Path screenshot = Path.of(System.getProperty("ibridge.spec.screenshot", "target/spec-screenshot.png"));
      Files.deleteIfExists(screenshot);
      chromium(proxy, "--screenshot=" + screenshot.toAbsolutePath(), "--window-size=1280,1600",
          html.toUri().toString());
      assertThat(screenshot).as("screenshot").isRegularFile();
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);
      // Pictures of what the checks above measured, for a reader of the build: the matrix and
      // figures 2 and 3, each alone in the text column at 1280 px.
      screenshotOf(proxy, site, page, "traceability-matrix", screenshot.resolveSibling("spec-traceability.png"));
      screenshotOf(proxy, site, page, "figure-2", screenshot.resolveSibling("spec-figure-2.png"));
      screenshotOf(proxy, site, page, "figure-3", screenshot.resolveSibling("spec-figure-3.png"));

      assertThat(proxy.requests().stream().filter(r -> !isChromiumHousekeeping(r)).toList())
          .as("network requests made while showing the page").isEmpty();
    }
  }

  /**
   * Screenshots the block that holds the element {@code id} (a section, or a figure's image block
   * when the id is {@code figure-N}, the Nth image of the page), shown alone in the text column.
   */
  private void screenshotOf(RecordingProxy proxy, Path site, String page, String id, Path png) throws Exception {
    String isolate = """
        <script>
        window.addEventListener('load', () => {
          const id = '%s';
          let e = id.startsWith('figure-') ? document.images[Number(id.substring(7)) - 1] : document.getElementById(id);
          while (e.parentElement.id !== 'content' && !(id.startsWith('figure-') && e.classList.contains('imageblock'))) {
            e = e.parentElement;
          }
          document.getElementById('content').replaceChildren(e);
          document.getElementById('header').remove();
        });
        </script>
        """.formatted(id);
    Path html = site.resolve("only-" + id + ".html");
    Files.writeString(html, page.replace("</body>", isolate + "</body>"));
    Files.deleteIfExists(png);
    chromium(proxy, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1000", html.toUri().toString());
    assertThat(png).as("screenshot of " + id).isRegularFile();
    assertThat(Files.size(png)).as("screenshot of " + id).isGreaterThan(10_000);
  }

  /**
   * Chromium's own service traffic, which flags cannot fully silence in every version: the network
   * time query, the component updater and the account check. Matched by exact host, so that a page
   * fetch from any other host (fonts.googleapis.com, a CDN) still fails the test.
   */
  static boolean isChromiumHousekeeping(String requestLine) {
    return HOUSEKEEPING.matcher(requestLine).find();
  }

  private static final Pattern HOUSEKEEPING = Pattern.compile(
      "^(GET http://clients2\\.google\\.com/time/|CONNECT (update\\.googleapis\\.com|accounts\\.google\\.com):443 "
          + "|POST http://update\\.googleapis\\.com/service/update2/)");

  private static int count(List<String> lines, String key) {
    return lines.stream().filter(l -> l.startsWith(key + " ")).findFirst()
        .map(l -> Integer.parseInt(l.substring(key.length() + 1))).orElseThrow();
  }

  private String chromium(RecordingProxy proxy, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
        "--disable-client-side-phishing-detection", "--disable-features=NetworkTimeServiceQuerying,Translate,OptimizationHints,MediaRouter", "--no-first-run", "--no-default-browser-check",
        "--proxy-server=http://127.0.0.1:" + proxy.port(), "--proxy-bypass-list=<-loopback>",
        "--virtual-time-budget=10000", "--user-data-dir=" + tmp.resolve("profile")));
    command.addAll(List.of(args));
    Path stdout = tmp.resolve("chromium.out");
    Path stderr = tmp.resolve("chromium.err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 180 s: " + Files.readString(stderr));
    }
    assertThat(p.exitValue()).as("chromium exit status; stderr:\n" + Files.readString(stderr)).isZero();
    return Files.readString(stdout);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** A loopback socket posing as an HTTP proxy that answers nothing and records each request line. */
  private static final class RecordingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    RecordingProxy() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(this::accept, "recording-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    List<String> requests() {
      synchronized (requests) {
        return List.copyOf(requests);
      }
    }

    private void accept() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          s.setSoTimeout(2000);
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          String line = in.readLine();
          requests.add(line == null ? "(connection without a request)" : line);
          s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          if (!server.isClosed()) {
            requests.add("(proxy error: " + e + ")");
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
