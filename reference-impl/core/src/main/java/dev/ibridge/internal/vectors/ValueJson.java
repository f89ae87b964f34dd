package dev.ibridge.internal.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.json.JsonForm;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.util.List;

/** How a vector's {@code value} is written: the project's JSON form of the message type. */
public interface ValueJson<T> {
  JsonNode toTree(T value);

  T fromTree(JsonNode tree) throws DecodeException;

  static <T> ValueJson<T> of(JsonForm<T> form) {
    return new ValueJson<>() {
      @Override
      public JsonNode toTree(T value) {
        return form.toTree(value);
      }

      @Override
      public T fromTree(JsonNode tree) throws DecodeException {
        return form.fromTree(tree);
      }
    };
  }

  /**
   * A subject has no JSON form of its own: it is written exactly as the {@code subject} member of
   * the JSON form of key material, and read back through that form.
   */
  static ValueJson<Subject> subject() {
    KeyMaterial template = KeyMaterial.canonical(
        Subject.of(new Unit("p", "t", "lib", "x")), Facet.ANALYSIS, new Toolchain("rustc", ""), List.of(), List.of(), List.of());
    return new ValueJson<>() {
      @Override
      public JsonNode toTree(Subject value) {
        ObjectNode km = JsonForm.KEY_MATERIAL.toTree(
            new KeyMaterial(template.protocolMajor(), value, template.facet(), template.toolchain(), List.of(), List.of(), List.of()));
        return km.get("subject");
      }

      @Override
      public Subject fromTree(JsonNode tree) throws DecodeException {
        ObjectNode km = JsonForm.KEY_MATERIAL.toTree(template);
        km.set("subject", tree);
        return JsonForm.KEY_MATERIAL.fromTree(km).subject();
      }
    };
  }
}
