package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.conformance.harness.TesteeMain;
import dev.ibridge.json.JsonForm;
import dev.ibridge.model.KeyMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON dialect: exported cases and --json output are in the JSON form the other commands read. */
class OneJsonFormTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String quoted(List<String> words) {
    return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
  }

  @Test
  void anExportedFailingCaseGoesToKeyAsItIs() throws IOException {
    Path failures = dir.resolve("failures");
    String id = "Required.REQ-KEY-004.ConfigSortedByName";
    Run run = Run.of("conformance", "--testee", quoted(TesteeMain.javaCommand("--mutant", "wrong-sort-order")),
        "--test", id, "--seed", "11", "--export-failures", failures.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).contains("shrunk case").doesNotContain("FileInput").doesNotContain("\"algorithm\"");
    List<Path> exported;
    try (Stream<Path> files = Files.list(failures)) {
      exported = files.toList();
    }
    assertThat(exported).hasSize(1);
    JsonNode value = JSON.readTree(exported.get(0).toFile()).get("value");
    Path km = Files.writeString(dir.resolve("km.json"), value.toString());

    Run key = Run.of("key", km.toString());
    assertThat(key.exitCode()).as(key.toString()).isZero();
    assertThat(key.stdout()).matches("sha256:[0-9a-f]{64}\n");

    // The case is exactly the JSON form, field for field, and encode and decode take it back.
    KeyMaterial material = JsonForm.KEY_MATERIAL.parse(Files.readAllBytes(km));
    assertThat(value).isEqualTo(JsonForm.KEY_MATERIAL.toTree(material));
    Path bin = dir.resolve("km.bin");
    Run encode = Run.of("encode", "--type", "key-material", "-o", bin.toString(), km.toString());
    assertThat(encode.exitCode()).as(encode.toString()).isZero();
    Run decode = Run.of("decode", "--type", "key-material", bin.toString());
    assertThat(decode.stdout()).isEqualTo(JsonForm.KEY_MATERIAL.render(material));
  }

  @Test
  void storeJsonOutputIsPrintedByTheJsonFormsWriter() throws IOException {
    Path store = dir.resolve("s");
    String s = store.toString();
    assertThat(Run.of("store", "init", "--store", s).exitCode()).isZero();
    List<List<String>> commands = List.of(
        List.of("store", "emit", "--store", s, "--json", Examples.path("record.json").toString(),
            "--blob", Examples.path("blobs/analysis.bin").toString(), "--blob", Examples.path("blobs/timings.json").toString()),
        List.of("store", "ls", "--store", s, "--json"),
        List.of("store", "explain", "--store", s, "--json", Examples.path("key-material.json").toString()),
        List.of("store", "show", "--store", s, "--json", Samples.record().inputKey().toString()),
        List.of("store", "stats", "--store", s, "--json"),
        List.of("store", "verify", "--store", s, "--json"));
    for (List<String> command : commands) {
      Run r = Run.of(command.toArray(String[]::new));
      assertThat(r.exitCode()).as(command + "\n" + r).isZero();
      assertThat(r.stdout()).as(String.join(" ", command)).doesNotContain("\" : ")
          .isEqualTo(JsonForm.renderTree(JSON.readTree(r.stdout())));
    }
    JsonNode ls = JSON.readTree(Run.of("store", "ls", "--store", s, "--json").stdout());
    JsonNode first = ls.get("records").get(0);
    List<String> names = new ArrayList<>();
    first.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly(
        "facet", "inputKey", "subject", "activity", "tool", "outputs", "outputBytes", "outputFingerprint", "head");
    assertThat(first.get("subject")).isEqualTo(JsonForm.treeOf(Samples.record().subject()));
  }
}
