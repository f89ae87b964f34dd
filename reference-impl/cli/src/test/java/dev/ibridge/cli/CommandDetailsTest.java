package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The smaller points of the command line: each command's own examples, and that they run; short
 * keys; one exit code for one finding; one-line errors that say what to do.
 */
class CommandDetailsTest {
  @TempDir Path dir;

  private static List<CommandLine> allCommands(CommandLine cl) {
    List<CommandLine> all = new ArrayList<>();
    for (CommandLine sub : cl.getSubcommands().values()) {
      all.add(sub);
      all.addAll(allCommands(sub));
    }
    return all;
  }

  private static List<String> examples(String... command) {
    String[] args = Arrays.copyOf(command, command.length + 1);
    args[command.length] = "--help";
    Run help = Run.of(args);
    assertThat(help.exitCode()).as(help.toString()).isZero();
    String text = help.stdout();
    int at = text.indexOf("Examples:\n");
    assertThat(at).as("help of %s has examples", String.join(" ", command)).isNotNegative();
    // A long example is wrapped at the help's width; join its lines again.
    List<String> examples = new ArrayList<>();
    for (String line : text.substring(at + "Examples:\n".length()).lines().filter(l -> !l.isBlank()).toList()) {
      if (!examples.isEmpty() && !line.strip().startsWith("ibridge ") && !line.strip().startsWith("cat ")) {
        examples.set(examples.size() - 1, examples.get(examples.size() - 1) + " " + line.strip());
      } else {
        examples.add(line.strip());
      }
    }
    return examples;
  }

  @Test
  void everyCommandsHelpShowsItsOwnExamples() {
    List<CommandLine> commands = allCommands(Cli.commandLine(new Io(System.in, System.out, System.err)));
    assertThat(commands).hasSizeGreaterThan(15);
    for (CommandLine cl : commands) {
      String name = cl.getCommandSpec().qualifiedName(" ");
      String[] path = name.substring("ibridge ".length()).split(" ");
      List<String> lines = examples(path);
      assertThat(lines).as("examples of '%s'", name).isNotEmpty()
          .allSatisfy(l -> assertThat(l + " ").as("an example of '%s'", name).contains(name + " "));
    }
  }

  /** Runs one help example, with examples/ and /tmp/s pointed at the test's copies. */
  private Run runExample(String example, Path store) {
    assertThat(example).startsWith("ibridge ");
    String[] words = example.substring("ibridge ".length()).split(" ");
    for (int i = 0; i < words.length; i++) {
      words[i] = words[i].replace("/tmp/s", store.toString());
      if (words[i].startsWith("examples/")) {
        words[i] = Examples.path(words[i].substring("examples/".length())).toString();
      }
    }
    return Run.of(words);
  }

  @Test
  void theStoreHelpExamplesRunOnTheBundledFiles() {
    Path store = dir.resolve("s");
    Run init = runExample(examples("store", "init").get(0), store);
    assertThat(init.exitCode()).as(init.toString()).isZero();
    String emitExample = examples("store", "emit").get(0);
    assertThat(emitExample).isEqualTo(examples("store").stream().filter(l -> l.startsWith("ibridge store emit"))
        .findFirst().orElseThrow());
    Run emit = runExample(emitExample, store);
    assertThat(emit.exitCode()).as(emit.toString()).isZero();
    assertThat(emit.stdout()).startsWith("CREATED " + Samples.record().inputKey());
    for (String example : List.of(examples("store", "request").get(0), examples("store", "show").get(0),
        examples("store", "show").get(1), examples("store", "verify").get(0))) {
      Run r = runExample(example, store);
      assertThat(r.exitCode()).as(example + "\n" + r).isZero();
    }
  }

  private Path storeWithManyRecords() {
    Path store = dir.resolve("many");
    for (String activity : List.of("check", "build", "doc", "clippy")) {
      Run r = Run.of("run", "--workspace", Examples.path("workspace.json").toString(), "--activity", activity,
          "--store", store.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    return store;
  }

  private static List<String> shortKeys(Path store) {
    Run ls = Run.of("store", "ls", "--store", store.toString());
    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    List<String> keys = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\S+\\s+([0-9a-f]{12})\\s").matcher(ls.stdout());
    while (m.find()) {
      keys.add(m.group(1));
    }
    assertThat(keys).as(ls.stdout()).hasSizeGreaterThan(5);
    return keys;
  }

  @Test
  void storeShowTakesTheShortKeysStoreLsPrints() {
    Path store = storeWithManyRecords();
    for (String key : shortKeys(store)) {
      Run show = Run.of("store", "show", "--store", store.toString(), key);
      assertThat(show.exitCode()).as(show.toString()).isZero();
      assertThat(show.stdout()).contains("  key          sha256:" + key);
      Run prefixed = Run.of("store", "show", "--store", store.toString(), "sha256:" + key);
      assertThat(prefixed.stdout()).isEqualTo(show.stdout());
    }
  }

  @Test
  void anUnknownOrAmbiguousShortKeyIsOneLineAndExitTwo() {
    Path store = storeWithManyRecords();
    List<String> keys = shortKeys(store);
    String unknown = "0123456789ab";
    assertThat(keys).as("no stored key starts with 0123").noneMatch(k -> k.startsWith("0123"));
    Run none = Run.of("store", "show", "--store", store.toString(), unknown.substring(0, 4));
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    assertThat(none.stderr()).isEqualTo("ibridge: 0123: no stored key starts with 0123 (see 'ibridge store ls')\n");
    String shared = null;
    for (String a : keys) {
      for (String b : keys) {
        if (!a.equals(b) && a.charAt(0) == b.charAt(0)) {
          shared = a.substring(0, 1);
        }
      }
    }
    assertThat(shared).as("two of %s share a first digit", keys).isNotNull();
    Run ambiguous = Run.of("store", "show", "--store", store.toString(), shared);
    assertThat(ambiguous.exitCode()).as(ambiguous.toString()).isEqualTo(2);
    assertThat(ambiguous.stderr()).startsWith("ibridge: " + shared + ": ").contains(" stored keys start with " + shared)
        .endsWith("; give more of the key\n").hasLineCount(1);
    assertThat(ambiguous.stdout()).isEmpty();
  }

  @Test
  void aBadInputKeyExitsOneInDecodeAndInStoreEmit() throws IOException {
    String good = Samples.record().inputKey().hex();
    String bad = new StringBuilder(good).reverse().toString();
    Path json = Files.writeString(dir.resolve("bad.json"),
        Files.readString(Examples.path("record.json")).replace(good, bad));
    Path bin = dir.resolve("bad.bin");
    Run encode = Run.of("encode", "--type", "record", "-o", bin.toString(), json.toString());
    assertThat(encode.exitCode()).as(encode.toString()).isZero();
    String finding = "inputKey sha256:" + bad + " is not the key of the record's keyMaterial, sha256:" + good + "\n";

    Run decode = Run.of("decode", bin.toString());
    assertThat(decode.exitCode()).as(decode.toString()).isEqualTo(1);
    assertThat(decode.stderr()).isEqualTo("ibridge: " + bin + ": " + finding);

    Path store = dir.resolve("s");
    assertThat(Run.of("store", "init", "--store", store.toString()).exitCode()).isZero();
    Run emit = Run.of("store", "emit", "--store", store.toString(), json.toString());
    assertThat(emit.exitCode()).as(emit.toString()).isEqualTo(1);
    assertThat(emit.stderr()).isEqualTo("ibridge: " + json + ": " + finding);
  }

  @Test
  void gcWithoutAPolicySaysErrorOnlyOnce() {
    Path store = dir.resolve("s");
    assertThat(Run.of("store", "init", "--store", store.toString()).exitCode()).isZero();
    Run gc = Run.of("store", "gc", "--store", store.toString());
    assertThat(gc.exitCode()).isEqualTo(2);
    assertThat(gc.stderr()).startsWith("ibridge: gc: Missing required argument").doesNotContain("Error")
        .contains("--keep-sessions=N | --max-bytes=SIZE").hasLineCount(1);
  }

  @Test
  void decodeOfAJsonFileSuggestsEncode() {
    String file = Examples.path("record.json").toString();
    for (List<String> args : List.of(List.of("decode", file), List.of("decode", "--type", "record", file))) {
      Run run = Run.of(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.stderr()).isEqualTo("ibridge: " + file + ": is JSON text, not an encoded protocol message;"
          + " 'ibridge encode --type TYPE " + file + "' writes the message of a JSON form, and 'ibridge key " + file
          + "' derives the key of key material\n");
    }
    Run binary = Run.withStdin(new byte[] {1, 2, 3}, "decode", "-");
    assertThat(binary.exitCode()).isEqualTo(2);
    assertThat(binary.stderr()).doesNotContain("JSON");
  }

  @Test
  void theBundledWorkspaceRunsAndThenHitsEverything() {
    Path store = dir.resolve("ws");
    String example = examples("run").get(0);
    assertThat(example).isEqualTo("ibridge run --workspace examples/workspace.json --activity check");
    Run first = runExample(example + " --store /tmp/s", store);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.stdout()).startsWith("check on 2 units: 6 nodes, 0 hits, 6 computed");
    Run second = runExample(example + " --store /tmp/s", store);
    assertThat(second.stdout()).startsWith("check on 2 units: 6 nodes, 6 hits, 0 computed");
    Run build = runExample(examples("run").get(1).replace("/tmp/store", "/tmp/s"), store);
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.stdout()).startsWith("build -p app on 2 units:");
  }
}
