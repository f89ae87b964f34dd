package dev.ibridge.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counterexample files' JSON: the project's strict reading, plus exact numbers and ASCII-only text. */
class ValueTreeTest {
  @Test
  void everyCharacterOutsidePrintableAsciiIsEscaped() {
    String text = ValueTree.write(ValueTree.render(List.of("é\u007f\u0001🦀", "plain")));
    assertThat(text).isEqualTo("[\"\\u00E9\\u007F\\u0001\\uD83E\\uDD80\", \"plain\"]");
    assertThat(text.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f))).isTrue();
  }

  @Test
  void numbersAreReadExactly() {
    JsonNode tree = ValueTree.parse("{\"d\": 1.10, \"i\": 123456789012345678901234567890}");
    assertThat(tree.get("d").decimalValue()).isEqualTo(new BigDecimal("1.10"));
    assertThat(tree.get("i").bigIntegerValue().toString()).isEqualTo("123456789012345678901234567890");
  }

  @Test
  void aDuplicateMemberOrTrailingTextIsMalformed() {
    assertThatThrownBy(() -> ValueTree.parse("{\"a\": 1, \"a\": 2}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'a'");
    assertThatThrownBy(() -> ValueTree.parse("{\"a\": 1} {}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed JSON:");
  }

  @Test
  void whatIsWrittenReadsBackAsTheSameTree() {
    String text = ValueTree.write(ValueTree.render(List.of(1L, "x\ty", List.of(true, "ü"), 2.5)));
    assertThat(ValueTree.write(ValueTree.parse(text))).isEqualTo(text);
  }
}
