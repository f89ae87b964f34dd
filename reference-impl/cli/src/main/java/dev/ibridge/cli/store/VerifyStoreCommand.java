package dev.ibridge.cli.store;

import dev.ibridge.store.DamagedStoreException;
import dev.ibridge.store.Store;
import dev.ibridge.store.remote.RemoteClient;
import dev.ibridge.store.remote.RemoteStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ibridge verify STORE}: the static gate, the same check as {@code ibridge store verify}. */
@Command(
    name = "verify",
    header = "Checks every file of a store written by any tool; exits 1 on a problem.",
    description = {
      "Checks every file of the store at STORE: records decode and recompute to their keys, blobs"
          + " match their digests and sizes, heads name intact records, journals read. Exits 1 when it"
          + " finds a problem, a STORE header that is garbage included, and 2 only when there is no"
          + " store it can read. The same as 'ibridge store verify --store STORE'.",
      "With --remote URL it then checks that the remote holds every record of the store under its key,"
          + " decoding and re-deriving that key, with the same outputs, and every blob they name with its digest"
          + " and size: the gate over what a tool uploaded. A remote problem also exits 1. With --json the"
          + " object is the one of verify --json, with \"remote\" and the remote's problems (kind REMOTE, path"
          + " /ac/<k>) among \"problems\"."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge verify target/ibridge",
      "  ibridge verify target/ibridge --remote http://127.0.0.1:8080/team",
      "  ibridge verify target/ibridge --remote http://127.0.0.1:8080/team --json"
    })
public final class VerifyStoreCommand extends StoreSubcommand {
  @Parameters(index = "0", paramLabel = "STORE", description = "The store directory.")
  Path storeDir;

  @Option(names = "--remote", paramLabel = "URL",
      description = "Also check the remote http://host[:port][/instance] against the store (credentials from"
          + " the IBRIDGE_REMOTE_* variables). With --json, its problems join the store's, kind REMOTE.")
  String remote;

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
    if (remote == null) {
      return StoreCommands.Verify.verify(this, store);
    }
    if (json()) {
      RemoteClient client = RemoteCommands.client(remote);
      return StoreCommands.Verify.printJson(this, store.verify(), client.shown(), RemoteStore.verify(store, client));
    }
    int local = StoreCommands.Verify.verify(this, store);
    boolean remoteOk = RemoteCommands.verify(this, store, remote);
    return local == Outcome.OK && remoteOk ? Outcome.OK : Outcome.CHECK_FAILED;
  }
}
