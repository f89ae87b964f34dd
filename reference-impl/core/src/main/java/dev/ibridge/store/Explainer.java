package dev.ibridge.store;

import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/** Compares requested key material with the material of the subject's last record. */
final class Explainer {
  private Explainer() {}

  static Explanation explain(LocalStore store, Subject subject, Facet facet, KeyMaterial wanted, Digest key) {
    Lookup lookup = store.lookup(subject, facet, wanted, key);
    boolean hit = lookup instanceof Lookup.Hit;
    List<String> notes = new ArrayList<>();
    if (lookup instanceof Lookup.Miss miss
        && Files.exists(store.layout().record(facet, key), LinkOption.NOFOLLOW_LINKS)) {
      notes.add(miss.reason());
    }
    Optional<Digest> previous;
    try {
      previous = store.readHead(facet, subject);
    } catch (IOException e) {
      previous = Optional.empty();
      notes.add("the subject's head is unreadable: " + e.getMessage());
    }
    List<Difference> differences = List.of();
    if (previous.isEmpty()) {
      if (notes.isEmpty() && !hit) {
        notes.add("the store holds no previous " + facet + " record of this subject");
      }
    } else if (!previous.get().equals(key)) {
      LocalStore.Loaded last = store.readRecord(facet, previous.get());
      if (last.record() == null) {
        notes.add("the subject's last record cannot be compared: " + last.problem());
      } else {
        differences = diff(last.record().keyMaterial(), wanted);
      }
    }
    return new Explanation(
        subject, facet, key, hit, previous, differences,
        notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes)));
  }

  static List<Difference> diff(KeyMaterial before, KeyMaterial after) {
    List<Difference> out = new ArrayList<>();
    if (before.protocolMajor() != after.protocolMajor()) {
      out.add(new Difference(
          Difference.Kind.PROTOCOL, "protocolMajor",
          Integer.toString(before.protocolMajor()), Integer.toString(after.protocolMajor())));
    }
    if (!before.toolchain().name().equals(after.toolchain().name())) {
      out.add(new Difference(Difference.Kind.TOOLCHAIN, "name", before.toolchain().name(), after.toolchain().name()));
    }
    if (!before.toolchain().version().equals(after.toolchain().version())) {
      out.add(new Difference(
          Difference.Kind.TOOLCHAIN, "version", before.toolchain().version(), after.toolchain().version()));
    }
    compare(out, Difference.Kind.CONFIG, index(before.config(), ConfigEntry::name, ConfigEntry::value),
        index(after.config(), ConfigEntry::name, ConfigEntry::value));
    compare(out, Difference.Kind.FILE, files(before.inputs()), files(after.inputs()));
    compare(out, Difference.Kind.ENV, envs(before.inputs()), envs(after.inputs()));
    compare(out, Difference.Kind.READ, index(before.reads(), Explainer::readName, r -> r.outputFingerprint().toString()),
        index(after.reads(), Explainer::readName, r -> r.outputFingerprint().toString()));
    return out;
  }

  private static void compare(List<Difference> out, Difference.Kind kind, Map<String, String> before, Map<String, String> after) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String name : names) {
      String b = before.get(name);
      String a = after.get(name);
      if (b == null || !b.equals(a)) {
        out.add(new Difference(kind, name, b, a));
      }
    }
  }

  private static <T> Map<String, String> index(List<T> items, Function<T, String> name, Function<T, String> value) {
    Map<String, String> map = new LinkedHashMap<>();
    for (T item : items) {
      map.put(name.apply(item), value.apply(item));
    }
    return map;
  }

  private static Map<String, String> files(List<DirectInput> inputs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (DirectInput input : inputs) {
      if (input instanceof FileInput f) {
        map.put(f.path(), f.digest() + " (" + f.size() + " bytes)");
      }
    }
    return map;
  }

  private static Map<String, String> envs(List<DirectInput> inputs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (DirectInput input : inputs) {
      if (input instanceof EnvInput e) {
        map.put(e.name(), e.valueIfSet().map(v -> "\"" + v + "\"").orElse("(unset)"));
      }
    }
    return map;
  }

  private static String readName(Read read) {
    return read.facet() + " of " + Subjects.describe(read.subject());
  }
}
