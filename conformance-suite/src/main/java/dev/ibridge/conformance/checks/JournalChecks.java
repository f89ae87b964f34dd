package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.recommended;

import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.avro.JournalFiles;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.SessionStarted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Checks of the journal files a testee writes. */
final class JournalChecks {
  private JournalChecks() {}

  static List<Check> all() {
    return List.of(new ExampleCheck(
        recommended("REQ-JOURNAL-002.SyncMarkerFromSessionId",
            "Every journal the testee writes ends with the sync marker derived from its session id",
            "REQ-JOURNAL-002"),
        Set.of(Operation.RUN_ACTIVITY), JournalChecks::syncMarkers));
  }

  static void syncMarkers(CheckContext ctx) throws Exception {
    Path store = ctx.newStore();
    ActivityChecks.run(ctx.testee(), store, SampleWorkspace.load(), "check", Selection.all());
    Path dir = store.resolve("journal");
    Expect.that(Files.isDirectory(dir), "the testee wrote no journal directory for the activity it ran");
    List<Path> journals;
    try (Stream<Path> files = Files.list(dir)) {
      journals = files.filter(f -> f.getFileName().toString().endsWith(".avro")).sorted().toList();
    }
    Expect.that(!journals.isEmpty(), "the testee wrote no journal file for the activity it ran");
    for (Path f : journals) {
      List<JournalEvent> events = JournalFiles.read(f);
      Expect.that(!events.isEmpty() && events.get(0).event() instanceof SessionStarted,
          "journal/" + f.getFileName() + " does not start with SessionStarted");
      String session = ((SessionStarted) events.get(0).event()).sessionId();
      byte[] bytes = Files.readAllBytes(f);
      byte[] last = Arrays.copyOfRange(bytes, bytes.length - 16, bytes.length);
      Expect.equal(HexFormat.of().formatHex(JournalFiles.syncMarker(session)), HexFormat.of().formatHex(last),
          "the sync marker that ends journal/" + f.getFileName() + " (session " + session + ")");
    }
  }
}
