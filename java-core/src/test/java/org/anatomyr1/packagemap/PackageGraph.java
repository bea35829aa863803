// The package dependency graph of compiled classes, read from the class files themselves (class
// constants and type descriptors, java.lang.classfile), with its cycles (Tarjan's strongly connected
// components) and a text rendering for docs/ARCHITECTURE.md.
package org.anatomyr1.packagemap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public final class PackageGraph {
  static final String ROOT = "org.anatomyr1.";
  private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(org/anatomyr1/[\\w/$]+);");

  /** package -> packages it uses (both under org.anatomyr1, self edges dropped). */
  private final Map<String, Set<String>> edges;

  private PackageGraph(Map<String, Set<String>> edges) {
    this.edges = edges;
  }

  /** A graph given by hand (tests of the cycle finder). */
  static PackageGraph of(Map<String, Set<String>> edges) {
    return new PackageGraph(new TreeMap<>(edges));
  }

  /** The classes directory (or jar's location) that {@code c} was loaded from. */
  static Path classesOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every .class file under {@code classesDir}, each contributing edges from its package. */
  static PackageGraph read(Path classesDir) {
    Map<String, Set<String>> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classesDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        ClassModel cm = ClassFile.of().parse(Files.readAllBytes(f));
        String from = packageOf(cm.thisClass().asInternalName());
        if (!from.startsWith(ROOT)) continue;
        Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
        for (PoolEntry e : cm.constantPool()) {
          if (e instanceof ClassEntry c) addIfOurs(to, from, c.asInternalName());
          if (e instanceof Utf8Entry u) {
            Matcher m = DESCRIPTOR_TYPE.matcher(u.stringValue());
            while (m.find()) addIfOurs(to, from, m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classes under " + classesDir, e);
    }
    return new PackageGraph(edges);
  }

  private static void addIfOurs(Set<String> to, String from, String internalName) {
    String name = internalName.startsWith("[") ? internalName.replaceAll("^\\[+L?|;$", "") : internalName;
    String p = packageOf(name);
    if (p.startsWith(ROOT) && !p.equals(from)) to.add(p);
  }

  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
  }

  Map<String, Set<String>> edges() {
    return edges;
  }

  /** The graph with every package renamed by {@code f} (e.g. folded into its top-level family). */
  PackageGraph mapped(UnaryOperator<String> f) {
    Map<String, Set<String>> out = new TreeMap<>();
    edges.forEach((from, tos) -> {
      Set<String> t = out.computeIfAbsent(f.apply(from), k -> new TreeSet<>());
      for (String to : tos) if (!f.apply(to).equals(f.apply(from))) t.add(f.apply(to));
    });
    return new PackageGraph(out);
  }

  /** org.anatomyr1.model.text -> org.anatomyr1.model */
  static String family(String pkg) {
    String rest = pkg.substring(ROOT.length());
    int dot = rest.indexOf('.');
    return dot < 0 ? pkg : ROOT + rest.substring(0, dot);
  }

  /** The strongly connected components with more than one package: each one is a cycle. */
  List<Set<String>> cycles() {
    Tarjan t = new Tarjan();
    for (String v : edges.keySet()) if (!t.index.containsKey(v)) t.visit(v);
    return t.components;
  }

  /** One line per package: "eval -> data, image, ..." (the org.anatomyr1. prefix dropped). */
  String render() {
    StringBuilder sb = new StringBuilder();
    edges.forEach((from, tos) -> {
      sb.append(from.substring(ROOT.length())).append(" ->");
      List<String> names = new ArrayList<>();
      for (String to : tos) names.add(to.substring(ROOT.length()));
      sb.append(names.isEmpty() ? " (nothing)" : " " + String.join(", ", names)).append('\n');
    });
    return sb.toString();
  }

  private final class Tarjan {
    final Map<String, Integer> index = new HashMap<>();
    final Map<String, Integer> low = new HashMap<>();
    final List<String> stack = new ArrayList<>();
    final Set<String> onStack = new TreeSet<>();
    final List<Set<String>> components = new ArrayList<>();

    void visit(String v) {
      index.put(v, index.size());
      low.put(v, index.get(v));
      stack.add(v);
      onStack.add(v);
      for (String w : edges.getOrDefault(v, Set.of())) {
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        Set<String> component = new TreeSet<>();
        String w;
        do {
          w = stack.removeLast();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        if (component.size() > 1) components.add(component);
      }
    }
  }
}
