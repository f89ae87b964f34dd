package dev.ibridge.conformance.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.activity.ActivityCatalog;
import dev.ibridge.activity.ActivityDefinition;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.FacetRule;
import dev.ibridge.activity.ReadRule;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.conformance.harness.ActivityCall;
import dev.ibridge.conformance.harness.ActivityOutcome;
import dev.ibridge.conformance.harness.CompileHandler;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import dev.ibridge.model.Facet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The reference with one flaw in how it takes a RunActivity: its catalog, or a refused Compile. */
final class RunActivityMutant extends ForwardingTestee {
  enum Flaw {
    /** Sends a Compile before it checks the call's catalog, and passes a refusal on as REJECTED. */
    COMPILES_BEFORE_CHECKING_CATALOG,
    /** Answers RUNTIME_ERROR, not REJECTED, when the runner refused one of its Compile calls. */
    REFUSED_COMPILE_IS_RUNTIME_ERROR,
    /** Compares a repeated built-in facet or activity with its arrays in order, not as sets. */
    ORDERED_CATALOG_ARRAYS,
    /** Drops the catalog's members that the form does not define instead of refusing them. */
    LENIENT_CATALOG
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Flaw flaw;

  RunActivityMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public ActivityOutcome runActivity(ActivityCall call, CompileHandler compiler) throws TesteeException {
    switch (flaw) {
      case COMPILES_BEFORE_CHECKING_CATALOG -> {
        if (call.catalog().isPresent()) {
          compileOneNode(call, compiler);
        }
        return delegate.runActivity(call, compiler);
      }
      case REFUSED_COMPILE_IS_RUNTIME_ERROR -> {
        boolean[] refused = {false};
        CompileHandler watched = (subject, facet, km) -> {
          try {
            return compiler.compile(subject, facet, km);
          } catch (RuntimeException e) {
            refused[0] = true;
            throw e;
          }
        };
        try {
          return delegate.runActivity(call, watched);
        } catch (TesteeException e) {
          if (refused[0]) {
            throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "the compiler failed: " + e.getMessage(), e);
          }
          throw e;
        }
      }
      case ORDERED_CATALOG_ARRAYS -> {
        if (call.catalog().isPresent()) {
          requireSameOrder(tree(call.catalog().get()));
        }
        return delegate.runActivity(call, compiler);
      }
      case LENIENT_CATALOG -> {
        if (call.catalog().isEmpty()) {
          return delegate.runActivity(call, compiler);
        }
        JsonNode catalog = tree(call.catalog().get());
        keepOnly(catalog, Set.of("facets", "activities"));
        for (JsonNode rule : children(catalog.path("facets"))) {
          keepOnly(rule, Set.of("sources", "observes", "reads"));
          for (JsonNode read : rule.path("reads")) {
            keepOnly(read, Set.of("facet", "of"));
          }
        }
        for (JsonNode activity : children(catalog.path("activities"))) {
          keepOnly(activity, Set.of("requests", "emits"));
        }
        return delegate.runActivity(new ActivityCall(call.store(), call.workspace(), call.activity(), call.selection(),
            Optional.of(catalog.toString())), compiler);
      }
      default -> throw new IllegalStateException("unknown flaw " + flaw);
    }
  }

  /** One Compile, of the first node check needs, before anything is checked. */
  private static void compileOneNode(ActivityCall call, CompileHandler compiler) throws TesteeException {
    ActivityRunner reference = ActivityRunner.reference();
    Map.Entry<SubjectFacet, ActivityRunner.Evaluation> first = reference
        .evaluate(call.workspace(), reference.catalog().activity("check"), Selection.all()).entrySet().iterator().next();
    try {
      compiler.compile(first.getKey().subject(), first.getKey().facet(), first.getValue().material());
    } catch (RuntimeException e) {
      throw new TesteeException(TesteeFailure.REJECTED, "the runner refused to compile: " + e.getMessage(), e);
    }
  }

  private static void requireSameOrder(JsonNode catalog) throws TesteeException {
    ActivityCatalog builtin = ActivityCatalog.builtin();
    for (Iterator<Map.Entry<String, JsonNode>> it = catalog.path("facets").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      FacetRule existing = builtin.facets().get(new Facet(e.getKey()));
      if (existing == null) {
        continue;
      }
      List<String> reads = new ArrayList<>();
      for (JsonNode r : e.getValue().path("reads")) {
        reads.add(r.path("facet").asText() + " of " + r.path("of").asText());
      }
      List<String> builtinReads = new ArrayList<>();
      for (ReadRule r : existing.reads()) {
        builtinReads.add(r.facet() + " of " + r.of().name().toLowerCase(Locale.ROOT));
      }
      if (!reads.equals(builtinReads)) {
        throw new TesteeException(TesteeFailure.REJECTED, "facet " + e.getKey() + " is already defined differently: "
            + reads + " is not " + builtinReads);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = catalog.path("activities").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ActivityDefinition existing = builtin.activities().get(e.getKey());
      if (existing != null && (!names(e.getValue().path("requests")).equals(names(existing.requests()))
          || !names(e.getValue().path("emits")).equals(names(existing.emits())))) {
        throw new TesteeException(TesteeFailure.REJECTED, "activity " + e.getKey() + " is already defined differently");
      }
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  private static List<String> names(List<Facet> facets) {
    return facets.stream().map(Facet::name).toList();
  }

  private static JsonNode tree(String json) throws TesteeException {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new TesteeException(TesteeFailure.REJECTED, "the catalog is not JSON: " + e.getMessage(), e);
    }
  }

  private static List<JsonNode> children(JsonNode object) {
    List<JsonNode> list = new ArrayList<>();
    object.elements().forEachRemaining(list::add);
    return list;
  }

  private static void keepOnly(JsonNode node, Set<String> members) {
    if (node instanceof ObjectNode o) {
      o.retain(members);
    }
  }
}
