package dev.ibridge.activity;

import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The (subject, facet) graph of a workspace under a catalog's facet rules. Nodes are ordered by
 * unit in dependency order, then module subjects before the whole unit, then facets so that a
 * facet comes after the facets it reads of the same subject: every node after all it reads.
 */
final class FacetGraph {
  private final Workspace ws;
  private final ActivityCatalog catalog;
  private final Map<String, WorkspaceUnit> byName;
  private final Map<Subject, WorkspaceUnit> unitOf = new HashMap<>();
  private final Map<Subject, Integer> subjectRank = new HashMap<>();
  private final Map<Facet, Integer> facetRank = new HashMap<>();

  FacetGraph(Workspace ws, ActivityCatalog catalog) {
    this.ws = ws;
    this.catalog = catalog;
    this.byName = ws.unitsByName();
    int rank = 0;
    for (WorkspaceUnit u : ws.units()) {
      for (Subject s : u.subjects()) {
        unitOf.put(s, u);
        subjectRank.put(s, rank++);
      }
    }
    List<Facet> order = catalog.facetOrder();
    for (int i = 0; i < order.size(); i++) {
      facetRank.put(order.get(i), i);
    }
  }

  List<WorkspaceUnit> selected(Selection selection) {
    if (selection.isAll()) {
      return ws.units();
    }
    for (String name : selection.packages()) {
      if (!byName.containsKey(name)) {
        throw new IllegalArgumentException("-p " + name + ": the workspace has no such package; it has " + byName.keySet());
      }
    }
    return ws.units().stream().filter(u -> selection.packages().contains(u.name())).toList();
  }

  List<SourceFile> sources(Subject s) {
    return unitOf.get(s).sourcesOf(s.modulePath());
  }

  /** The nodes {@code node} reads, in rule order. */
  List<SubjectFacet> reads(SubjectFacet node) {
    WorkspaceUnit unit = unitOf.get(node.subject());
    List<SubjectFacet> reads = new ArrayList<>();
    for (ReadRule rule : catalog.rule(node.facet()).reads()) {
      switch (rule.of()) {
        case SELF -> reads.add(new SubjectFacet(node.subject(), rule.facet()));
        case DEPS -> {
          for (String dep : unit.deps()) {
            reads.add(new SubjectFacet(byName.get(dep).wholeUnit(), rule.facet()));
          }
        }
        case MODULES -> {
          if (node.subject().isWholeUnit()) {
            for (Module m : unit.modules()) {
              reads.add(new SubjectFacet(new Subject(unit.unit(), m.path()), rule.facet()));
            }
          }
        }
      }
    }
    return reads;
  }

  /** {@code targets} and every node they read, directly or not, each once, in graph order. */
  List<SubjectFacet> closureInOrder(List<SubjectFacet> targets) {
    Set<SubjectFacet> seen = new HashSet<>();
    Deque<SubjectFacet> work = new ArrayDeque<>();
    for (SubjectFacet t : targets) {
      if (seen.add(t)) {
        work.push(t);
      }
    }
    while (!work.isEmpty()) {
      for (SubjectFacet read : reads(work.pop())) {
        if (seen.add(read)) {
          work.push(read);
        }
      }
    }
    List<SubjectFacet> order = new ArrayList<>(seen);
    order.sort(Comparator.<SubjectFacet>comparingInt(n -> subjectRank.get(n.subject()))
        .thenComparingInt(n -> facetRank.get(n.facet())));
    return order;
  }
}
