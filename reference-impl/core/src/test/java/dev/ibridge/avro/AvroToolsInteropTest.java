package dev.ibridge.avro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.key.Keys;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Requested;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Apache Avro's own command-line tools (avro-tools 1.12.2, copied from Maven into target/ by
 * the build) on what this implementation writes, and compares the values they read, not merely
 * that they read something.
 */
class AvroToolsInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID = "interop-session";

  @TempDir Path dir;

  @Test
  @Tag("REQ-JOURNAL-001")
  void avroToolsReadsTheJournalWithTheSameValues() throws Exception {
    List<JournalEvent> session = Samples.session(ID);
    Path file = dir.resolve(ID + ".avro");
    JournalFiles.write(file, ID, session);

    List<String> lines = avroTools("tojson", file.toString()).lines().toList();
    assertThat(lines).hasSize(session.size());
    for (int i = 0; i < session.size(); i++) {
      JournalEvent expected = session.get(i);
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("sequence").asLong()).isEqualTo(expected.sequence());
      assertThat(line.get("timestamp").asLong()).isEqualTo(expected.timestamp().toEpochMilli());
      assertThat(line.get("event").fieldNames().next())
          .isEqualTo("dev.ibridge.protocol." + expected.event().getClass().getSimpleName());
      assertThat(line).isEqualTo(JSON.readTree(AvroCodec.JOURNAL_EVENT.encodeJson(expected)));
      assertThat(AvroCodec.JOURNAL_EVENT.decodeJson(lines.get(i))).isEqualTo(expected);
    }
    Requested miss = (Requested) session.get(2).event();
    assertThat(JSON.readTree(lines.get(2)).at("/event/dev.ibridge.protocol.Requested/missReason/string").asText())
        .isEqualTo(miss.missReason());
  }

  @Test
  @Tag("REQ-JOURNAL-002")
  void aJournalWrittenByAvroToolsIsReadBack() throws Exception {
    List<JournalEvent> session = Samples.session(ID);
    Path schema = schemaFile(AvroCodec.JOURNAL_EVENT);
    Path json = dir.resolve("events.json");
    List<String> lines = new ArrayList<>();
    for (JournalEvent e : session) {
      lines.add(AvroCodec.JOURNAL_EVENT.encodeJson(e));
    }
    Files.write(json, lines, StandardCharsets.UTF_8);
    Path file = dir.resolve("from-avro-tools.avro");
    Files.write(file, avroToolsBytes("fromjson", "--schema-file", schema.toString(), json.toString()));
    assertThat(JournalFiles.read(file)).isEqualTo(session);
  }

  @Test
  @Tag("REQ-KEY-002")
  @Tag("REQ-KEY-003")
  void avroToolsEncodesKeyMaterialToTheCanonicalBytes() throws Exception {
    KeyMaterial km = Samples.fullMaterial();
    Path schema = schemaFile(AvroCodec.KEY_MATERIAL);
    Path json = dir.resolve("km.json");
    Files.writeString(json, AvroCodec.KEY_MATERIAL.encodeJson(km), StandardCharsets.UTF_8);
    byte[] fromTools = avroToolsBytes("jsontofrag", "--schema-file", schema.toString(), json.toString());
    assertThat(fromTools).isEqualTo(Keys.canonicalBytes(km));
  }

  @Test
  @Tag("REQ-AVRO-001")
  void avroToolsDecodesCanonicalBytesToTheSameValue() throws Exception {
    KeyMaterial km = Samples.unicodeMaterial();
    Path schema = schemaFile(AvroCodec.KEY_MATERIAL);
    Path bin = dir.resolve("km.bin");
    Files.write(bin, Keys.canonicalBytes(km));
    String json = avroTools("fragtojson", "--schema-file", schema.toString(), bin.toString());
    assertThat(AvroCodec.KEY_MATERIAL.decodeJson(json.strip())).isEqualTo(km);
  }

  private Path schemaFile(AvroCodec<?> codec) throws IOException {
    Path file = dir.resolve(codec.schema().getName() + ".avsc");
    Files.writeString(file, codec.schema().toString(), StandardCharsets.UTF_8);
    return file;
  }

  private String avroTools(String... args) throws Exception {
    return new String(avroToolsBytes(args), StandardCharsets.UTF_8);
  }

  private byte[] avroToolsBytes(String... args) throws Exception {
    String jar = System.getProperty("ibridge.avroTools");
    assertThat(jar).as("system property ibridge.avroTools (set by the build)").isNotNull();
    assertThat(Path.of(jar)).as("avro-tools jar copied from Maven by the build").isRegularFile();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout-" + System.nanoTime());
    Path err = dir.resolve("stderr-" + System.nanoTime());
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    // A hang guard only; the tool normally finishes in a few seconds.
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("avro-tools %s finished", args[0]).isTrue();
    assertThat(p.exitValue()).as("avro-tools %s exit status; stderr: %s", args[0], Files.readString(err))
        .isZero();
    return Files.readAllBytes(out);
  }
}
