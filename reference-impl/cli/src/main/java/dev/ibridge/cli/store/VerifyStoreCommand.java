package dev.ibridge.cli.store;

import dev.ibridge.store.DamagedStoreException;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ibridge verify STORE}: the static gate, the same check as {@code ibridge store verify}. */
@Command(
    name = "verify",
    header = "Checks every file of a store written by any tool; exits 1 on a problem.",
    description = {
      "Checks every file of the store at STORE: records decode and recompute to their keys, blobs"
          + " match their digests and sizes, heads name intact records, journals read. Exits 1 when it"
          + " finds a problem, a STORE header that is garbage included, and 2 only when there is no"
          + " store it can read. The same as 'ibridge store verify --store STORE'."
    })
public final class VerifyStoreCommand extends StoreSubcommand {
  @Parameters(index = "0", paramLabel = "STORE", description = "The store directory.")
  Path storeDir;

  @Override
  public Integer call() {
    options.store = storeDir;
    return super.call();
  }

  @Override
  int damaged(PrintWriter err, String where, DamagedStoreException e) {
    return StoreCommands.Verify.damagedHeader(this, e);
  }

  @Override
  int run(Store store) throws IOException {
    return StoreCommands.Verify.verify(this, store);
  }
}
