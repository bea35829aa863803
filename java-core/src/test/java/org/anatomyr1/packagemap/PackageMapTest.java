// The package map of java-core is a true one-way map (issue 8): no cycle between packages (nor between
// package families), the named back edges stay gone, and the graph is printed
// (target/package-graph.txt) for the docs.
package org.anatomyr1.packagemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.anatomyr1.io.DurableFiles;
import org.junit.jupiter.api.Test;

class PackageMapTest {
  private static final Path CLASSES = PackageGraph.classesOf(DurableFiles.class);

  @Test
  void packageFamiliesFormNoCycle() throws IOException {
    PackageGraph graph = PackageGraph.read(CLASSES);
    PackageGraph families = graph.mapped(PackageGraph::family);
    Path out = CLASSES.resolveSibling("package-graph.txt");
    Files.writeString(out, "# packages\n" + graph.render() + "\n# families (subpackages folded)\n" + families.render());
    System.out.print(graph.render());
    assertTrue(graph.edges().size() > 10, "read too few packages from " + CLASSES + ": " + graph.edges().keySet());
    assertEquals(List.of(), families.cycles(), "cycles between package families:\n" + families.render());
  }

  @Test
  void packagesFormNoCycle() {
    // also inside a family: model.text and model.vision use model.core, and only model assembles them
    PackageGraph graph = PackageGraph.read(CLASSES);
    assertEquals(List.of(), graph.cycles(), "cycles between packages:\n" + graph.render());
  }

  @Test
  void theBackEdgesOfIssue8StayGone() {
    Map<String, Set<String>> e = PackageGraph.read(CLASSES).edges();
    assertFalse(e.get("org.anatomyr1.model").contains("org.anatomyr1.rollout"), "model -> rollout");
    assertFalse(e.get("org.anatomyr1.train").contains("org.anatomyr1.eval"), "train -> eval");
    assertFalse(e.get("org.anatomyr1.image").contains("org.anatomyr1.model.io"), "image -> model.io");
    assertFalse(e.get("org.anatomyr1.model").contains("org.anatomyr1.text"), "model -> text");
    assertFalse(e.get("org.anatomyr1.model.core").contains("org.anatomyr1.model"), "model.core -> model");
  }

  @Test
  void theCycleFinderFindsACycle() {
    // a -> b -> c -> a plus a tail d -> a: one component {a, b, c}
    var g = PackageGraph.of(Map.of("p.a", Set.of("p.b"), "p.b", Set.of("p.c"), "p.c", Set.of("p.a"), "p.d", Set.of("p.a")));
    assertEquals(List.of(Set.of("p.a", "p.b", "p.c")), g.cycles());
    assertEquals(List.of(), PackageGraph.of(Map.of("p.a", Set.of("p.b"), "p.d", Set.of("p.a"))).cycles());
  }
}
