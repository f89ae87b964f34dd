package dev.ibridge.cli.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.json.JsonForm;
import dev.ibridge.store.DamagedStoreException;
import dev.ibridge.store.Store;
import dev.ibridge.store.StoreBusyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every store command does around its work: open the store, turn what the core throws into
 * one line on stderr and an exit code, and print JSON or a table. It decides nothing itself.
 */
abstract class StoreSubcommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin StoreOptions options;
  @Spec CommandSpec spec;

  /** Does the command's work on the open store and returns its exit code. */
  abstract int run(Store store) throws IOException;

  /** Whether the command may create the store; only init may. */
  boolean creates() {
    return false;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String where = options.location().toString();
    try (Store store = creates() ? Store.open(options.location()) : Store.openExisting(options.location())) {
      return run(store);
    } catch (Outcome o) {
      report(err, o.source, o.getMessage());
      return o.exitCode;
    } catch (DamagedStoreException e) {
      return damaged(err, where, e);
    } catch (NoSuchFileException e) {
      report(err, where, e.getReason() != null ? e.getReason() : "no such file or directory");
      return Outcome.INPUT;
    } catch (DecodeException | StoreBusyException | IllegalArgumentException | IllegalStateException e) {
      report(err, where, e.getMessage());
      return Outcome.INPUT;
    } catch (IOException e) {
      report(err, where, e.getMessage());
      return Outcome.INPUT;
    } catch (UncheckedIOException e) {
      report(err, where, e.getCause().getMessage());
      return Outcome.INPUT;
    } finally {
      out().flush();
    }
  }

  /**
   * What the command does when the store's {@code STORE} file was read and is not a header: for
   * most commands the store is unusable input; verify overrides this to report it as a finding.
   */
  int damaged(PrintWriter err, String where, DamagedStoreException e) {
    report(err, where, e.getMessage());
    return Outcome.INPUT;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  boolean json() {
    return options.json;
  }

  /** Prints {@code node} as every JSON form is printed: two-space indentation, {@code "name": value}. */
  void printJson(ObjectNode node) throws IOException {
    out().print(JsonForm.renderTree(node));
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static void report(PrintWriter err, String source, String message) {
    err.println("ibridge: " + oneLine(source) + ": " + oneLine(message));
    err.flush();
  }

  private static String oneLine(String s) {
    return String.valueOf(s).replaceAll("[\\r\\n]+", " ").strip();
  }
}
