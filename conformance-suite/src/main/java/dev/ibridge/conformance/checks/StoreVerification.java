package dev.ibridge.conformance.checks;

import dev.ibridge.store.Store;
import dev.ibridge.store.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The Java reference's verify of a store that a testee wrote, as a check's assertion. */
final class StoreVerification {
  private StoreVerification() {}

  /** The Java reference's verify of the store; the store must exist. */
  static VerifyReport verify(Path store) throws IOException {
    if (!Files.isRegularFile(store.resolve("STORE"), LinkOption.NOFOLLOW_LINKS)) {
      throw new CheckFailure("there is no STORE file in " + store + " after the testee wrote to it");
    }
    try (Store s = Store.open(store)) {
      return s.verify();
    }
  }

  /** Fails when the Java reference's verify finds any problem in the store. */
  static void requireVerifies(Path store, String after) throws IOException {
    VerifyReport report = verify(store);
    if (!report.ok()) {
      StringBuilder sb = new StringBuilder("the store does not verify after " + after + ":");
      report.problems().stream().limit(8).forEach(p -> sb.append(" [").append(p.kind()).append(' ')
          .append(p.path()).append(": ").append(p.message()).append(']'));
      throw new CheckFailure(sb.toString());
    }
  }
}
