package dev.ibridge.tools.regen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.tools.schema.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every checked-in file generated from {@code schemas/v1} is what the generator writes now, so a
 * hand edit or a forgotten ./regenerate fails {@code mvn verify} too, not only CI's diff check.
 */
@Tag("interop")
class GeneratedFilesDriftTest {
  @Test
  void everyGeneratedFileIsUpToDateAndSaysItIsGenerated() throws Exception {
    Path root = RepoPaths.root();
    for (GeneratedFile f : Regenerate.fromSchemas(root)) {
      String checkedIn = Files.readString(root.resolve(f.path()), StandardCharsets.UTF_8);
      assertThat(checkedIn).as(f.path() + " is out of date; run ./regenerate and commit the result").isEqualTo(f.content());
      assertThat(checkedIn.lines().limit(3).anyMatch(l -> l.contains("DO NOT EDIT"))).as(f.path()).isTrue();
    }
  }

  @Test
  void theReadmeStatesTheCatalogsCheckCount() throws Exception {
    String readme = Files.readString(RepoPaths.root().resolve("README.md"), StandardCharsets.UTF_8);
    assertThat(ReadmeOutputs.replace(readme, "check-count", Integer.toString(ReadmeOutputs.checkCount())))
        .as("README.md's check count; run ./regenerate").isEqualTo(readme);
  }
}
