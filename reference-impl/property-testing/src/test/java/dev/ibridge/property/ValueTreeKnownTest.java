package dev.ibridge.property;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A domain's own JSON for its values, wherever they sit inside the rendered value. */
class ValueTreeKnownTest {
  record Tag(String name) {}

  record Holder(Tag tag, List<Tag> more, long n) {}

  private static final Function<Object, JsonNode> TAGS =
      v -> v instanceof Tag t ? JsonNodeFactory.instance.textNode("#" + t.name()) : null;

  @Test
  void knownValuesAreRenderedByTheHookAtEveryDepth() {
    Holder h = new Holder(new Tag("a"), List.of(new Tag("b"), new Tag("c")), 7);
    assertThat(ValueTree.write(ValueTree.render(h, TAGS)))
        .isEqualTo("{\n  \"tag\": \"#a\",\n  \"more\": [\"#b\", \"#c\"],\n  \"n\": 7\n}");
    assertThat(ValueTree.write(ValueTree.render(h)))
        .isEqualTo("{\n  \"tag\": {\n    \"name\": \"a\"\n  },\n  \"more\": [\n    {\n      \"name\": \"b\"\n    },"
            + "\n    {\n      \"name\": \"c\"\n    }\n  ],\n  \"n\": 7\n}");
  }
}
