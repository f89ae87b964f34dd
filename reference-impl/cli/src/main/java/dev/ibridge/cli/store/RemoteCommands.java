package dev.ibridge.cli.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.model.Digest;
import dev.ibridge.store.Store;
import dev.ibridge.store.remote.RemoteClient;
import dev.ibridge.store.remote.RemoteConfig;
import dev.ibridge.store.remote.RemoteStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ibridge store push} and {@code pull}: a store and a remote on the Bazel HTTP cache
 * protocol (spec chapter "Remote stores"). Credentials come from the {@code IBRIDGE_REMOTE_*}
 * variables and never appear in what these commands print.
 */
final class RemoteCommands {
  private RemoteCommands() {}

  /** The client of {@code --remote URL}, with credentials and timeouts from the environment. */
  static RemoteClient client(String url) {
    Map<String, String> env = System.getenv();
    return new RemoteClient(RemoteConfig.forUrl(url, env));
  }

  @Command(name = "push",
      description = "Uploads every record of the store, its blobs first and then its lead, to the remote;"
          + " exits 1 when an upload fails.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store push --store /tmp/s --remote http://127.0.0.1:8080/team"})
  static final class Push extends StoreSubcommand {
    @Option(names = "--remote", required = true, paramLabel = "URL",
        description = "The remote, http://host[:port][/instance]; credentials from IBRIDGE_REMOTE_TOKEN(_FILE)"
            + " or IBRIDGE_REMOTE_USER with IBRIDGE_REMOTE_PASSWORD(_FILE).")
    String remote;

    @Override
    int run(Store store) throws IOException {
      RemoteClient client = client(remote);
      RemoteStore.PushReport r = RemoteStore.push(store, client);
      if (json()) {
        ObjectNode node = object().put("remote", client.shown()).put("records", r.records())
            .put("blobsSent", r.blobsSent()).put("bytesSent", r.bytesSent());
        ArrayNode faults = node.putArray("faults");
        r.faults().forEach(faults::add);
        printJson(node);
      } else {
        r.faults().forEach(f -> out().println("fault: " + f));
        out().println(r.records() + " records pushed to " + client.shown() + ": " + r.blobsSent() + " blobs and "
            + r.bytesSent() + " bytes sent, " + r.faults().size() + " faults");
      }
      return r.faults().isEmpty() ? Outcome.OK : Outcome.CHECK_FAILED;
    }
  }

  @Command(name = "pull",
      description = "Fetches the records of the given input keys from the remote, verifies each with its blobs"
          + " and emits it into the store; exits 1 when one is a miss.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store pull --store /tmp/s --remote http://127.0.0.1:8080/team"
          + " sha256:fe072a50174179f0b62443d534060f3e3387ee1113a3f30e76a30e1907ad4dab"})
  static final class Pull extends StoreSubcommand {
    @Option(names = "--remote", required = true, paramLabel = "URL",
        description = "The remote, http://host[:port][/instance].")
    String remote;

    @Parameters(paramLabel = "KEY", arity = "1..*", description = "Input keys, sha256:<hex> or just the hex.")
    List<String> keys;

    @Override
    boolean creates() {
      return true;
    }

    @Override
    int run(Store store) throws IOException {
      RemoteClient client = client(remote);
      List<Digest> digests = new ArrayList<>();
      for (String k : keys) {
        digests.add(InputFiles.key(k));
      }
      RemoteStore.PullReport r = RemoteStore.pull(store, client, digests);
      if (json()) {
        ObjectNode node = object().put("remote", client.shown());
        ArrayNode landed = node.putArray("landed");
        r.landed().forEach(d -> landed.add(d.toString()));
        ObjectNode missed = node.putObject("missed");
        r.missed().forEach((d, why) -> missed.put(d.toString(), why));
        printJson(node);
      } else {
        Table table = new Table("KEY", "OUTCOME");
        r.landed().forEach(d -> table.row(d, "landed"));
        r.missed().forEach((d, why) -> table.row(d, "miss: " + why));
        table.print(out());
      }
      return r.missed().isEmpty() ? Outcome.OK : Outcome.CHECK_FAILED;
    }
  }

  /** Prints the problems of a remote verify and says whether there were none. */
  static boolean verify(StoreSubcommand command, Store store, String remote) throws IOException {
    RemoteClient client = client(remote);
    List<RemoteStore.Problem> problems = RemoteStore.verify(store, client);
    if (!command.json()) {
      if (!problems.isEmpty()) {
        Table table = new Table("KEY", "REMOTE PROBLEM");
        problems.forEach(p -> table.row(p.key(), p.message()));
        table.print(command.out());
      }
      command.out().println("remote " + client.shown() + ": " + problems.size() + " problems");
    }
    return problems.isEmpty();
  }
}
