package dev.ibridge.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.property.Gen;
import dev.ibridge.property.Property;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The input key depends on the key material's content, never on the order its lists came in. */
class KeyDerivationPropertyTest {

  /** Key material parts, with the lists as drawn and the same lists in a drawn order. */
  record Parts(
      Subject subject,
      Facet facet,
      Toolchain toolchain,
      List<ConfigEntry> config,
      List<DirectInput> inputs,
      List<Read> reads,
      List<ConfigEntry> shuffledConfig,
      List<DirectInput> shuffledInputs,
      List<Read> shuffledReads) {

    KeyMaterial asGiven() {
      return KeyMaterial.canonical(subject, facet, toolchain, config, inputs, reads);
    }

    KeyMaterial asShuffled() {
      return KeyMaterial.canonical(subject, facet, toolchain, shuffledConfig, shuffledInputs, shuffledReads);
    }
  }

  static final Gen<Parts> PARTS = d -> {
    List<ConfigEntry> config = d.draw(ModelGens.configLists());
    List<DirectInput> inputs = d.draw(ModelGens.inputLists());
    List<Read> reads = d.draw(ModelGens.readLists());
    return new Parts(
        d.draw(ModelGens.subjects()),
        d.draw(ModelGens.facets()),
        d.draw(ModelGens.toolchains()),
        config,
        inputs,
        reads,
        d.draw(Gen.shuffle(config)),
        d.draw(Gen.shuffle(inputs)),
        d.draw(Gen.shuffle(reads)));
  };

  @Test
  @Tag("REQ-MODEL-008")
  void inputKeyIsIndependentOfTheOrderListsWereGivenIn() {
    Property.forAll(PARTS).verify(p -> {
      KeyMaterial given = p.asGiven();
      KeyMaterial shuffled = p.asShuffled();
      assertThat(shuffled).isEqualTo(given);
      assertThat(Keys.canonicalBytes(shuffled)).isEqualTo(Keys.canonicalBytes(given));
      assertThat(Keys.inputKey(shuffled)).isEqualTo(Keys.inputKey(given));
    });
  }
}
