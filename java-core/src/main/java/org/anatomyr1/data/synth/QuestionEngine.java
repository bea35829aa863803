// SSG-VQA-style question engine over a synthetic scene graph: position in the frame, relation to
// another object, colour attribute and colour query, 4 options each. An answer follows from the
// scene graph, and no distractor also satisfies the query (data_eval.md section 5, pitfall 6).
package org.anatomyr1.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

public final class QuestionEngine {
  private QuestionEngine() {}

  public static final int OPTIONS = 4;

  /** Question families, named like SSG-VQA's (query_location, query_component, query_color). */
  public enum Family {
    POSITION, RELATION, COLOUR_NAME, COLOUR_QUERY,
    /** "What anatomy is shown in the frame?" over a single-anatomy scene: only the image answers it. */
    IDENTIFY;

    /** The SSG-VQA-style families asked over multi-anatomy scenes (IDENTIFY has scenes of its own). */
    public static final java.util.Set<Family> SSG = java.util.EnumSet.of(POSITION, RELATION, COLOUR_NAME, COLOUR_QUERY);

    public String cliName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Family parse(String s) {
      for (Family f : values()) if (f.cliName().equalsIgnoreCase(s.strip())) return f;
      throw new IllegalArgumentException("unknown question family '" + s + "'; valid: position, relation, colour_name, colour_query, identify");
    }
  }

  public record Question(Family family, String question, List<String> options, int answerIndex, String category) {}

  /** Up to {@code max} questions of distinct families among {@code allowed} (random order), possibly fewer. */
  public static List<Question> ask(Scene scene, int max, java.util.Set<Family> allowed, SplittableRandom rng) {
    List<Family> families = new ArrayList<>(Family.SSG); // enum order, as before IDENTIFY existed
    SceneSampler.shuffle(families, rng); // shuffle all, then filter: the stream does not depend on `allowed`
    List<Question> out = new ArrayList<>();
    for (Family f : families) {
      if (!allowed.contains(f)) continue;
      if (out.size() == max) break;
      Question q = switch (f) {
        case POSITION -> position(scene, rng);
        case RELATION -> relation(scene, rng);
        case COLOUR_NAME -> colourName(scene, rng);
        case COLOUR_QUERY -> colourQuery(scene, rng);
        case IDENTIFY -> null; // asked by identify(), over single-anatomy scenes
      };
      if (q != null) out.add(q);
    }
    return out;
  }

  /**
   * The visual-only family: a single-anatomy scene, "What anatomy is shown in the frame?", the
   * answer and three random other classes as options. The answer is uniform over the classes and
   * every option set is exchangeable, so the text alone gives chance accuracy; options that are
   * semantically close to the answer also look alike (AnatomyClass), so S(q) tracks difficulty.
   */
  public static Question identify(Scene s, SplittableRandom rng) {
    List<SceneObject> an = s.anatomies();
    if (an.size() != 1) throw new IllegalArgumentException("identify needs a single-anatomy scene, got " + an.size());
    String q = "What anatomy is shown in the frame?";
    return anatomyQuestion(Family.IDENTIFY, q, an.get(0).anatomy(), List.of(), rng);
  }

  static Question position(Scene s, SplittableRandom rng) {
    List<SceneObject> an = s.anatomies();
    List<SceneObject> unique = new ArrayList<>();
    for (SceneObject a : an) {
      long same = an.stream().filter(b -> b.position(s.size()).equals(a.position(s.size()))).count();
      if (same == 1 && clearOfGridLines(a, s.size())) unique.add(a);
    }
    if (unique.isEmpty()) return null;
    SceneObject t = unique.get(rng.nextInt(unique.size()));
    String q = "What anatomy is at the " + t.position(s.size()) + " of the frame ?";
    return anatomyQuestion(Family.POSITION, q, t.anatomy(), List.of(), rng);
  }

  /**
   * A position target's centre keeps this fraction of the frame away from the 3 x 3 grid lines, so
   * the answer is clear to a viewer and survives GDQA's small translations (SafeTranslation, 3%).
   */
  public static final double POSITION_MARGIN = 0.04;

  static boolean clearOfGridLines(SceneObject o, int size) {
    for (double c : new double[] {o.cx(), o.cy()}) {
      for (double line : new double[] {size / 3.0, 2 * size / 3.0}) {
        if (Math.abs(c - line) < POSITION_MARGIN * size) return false;
      }
    }
    return true;
  }

  static Question relation(Scene s, SplittableRandom rng) {
    record Candidate(SceneObject target, SceneObject ref, Relation rel) {}
    List<Candidate> cands = new ArrayList<>();
    for (SceneObject t : s.anatomies()) {
      for (SceneObject r : s.objects()) {
        if (r == t) continue;
        for (Relation rel : Relation.values()) {
          if (!rel.holds(t, r, s.size())) continue;
          boolean unique = true;
          for (SceneObject other : s.anatomies()) {
            if (other != t && other != r && rel.holds(other, r, s.size())) unique = false;
          }
          if (unique) cands.add(new Candidate(t, r, rel));
        }
      }
    }
    if (cands.isEmpty()) return null;
    Candidate c = cands.get(rng.nextInt(cands.size()));
    String ref = c.ref().isAnatomy() ? "the " + c.ref().anatomy().mention() + " anatomy"
        : "the " + c.ref().instrument().mention() + " object";
    String q = rng.nextBoolean()
        ? "What is the name of the anatomy that is " + c.rel().phrase() + " " + ref + "?"
        : "What anatomy is " + c.rel().phrase() + " " + ref + "?";
    List<AnatomyClass> exclude = c.ref().isAnatomy() ? List.of(c.ref().anatomy()) : List.of();
    return anatomyQuestion(Family.RELATION, q, c.target().anatomy(), exclude, rng);
  }

  static Question colourName(Scene s, SplittableRandom rng) {
    List<SceneObject> an = s.anatomies();
    List<SceneObject> unique = new ArrayList<>();
    for (SceneObject a : an) {
      long same = an.stream().filter(b -> b.colourWord().equals(a.colourWord())).count();
      if (same == 1) unique.add(a);
    }
    if (unique.isEmpty()) return null;
    SceneObject t = unique.get(rng.nextInt(unique.size()));
    String q = "What is the " + t.colourWord() + " anatomy?";
    return anatomyQuestion(Family.COLOUR_NAME, q, t.anatomy(), List.of(), rng);
  }

  static Question colourQuery(Scene s, SplittableRandom rng) {
    List<SceneObject> an = s.anatomies();
    SceneObject t = an.get(rng.nextInt(an.size()));
    List<String> pool = new ArrayList<>(ColourWords.VOCABULARY);
    pool.remove(t.colourWord());
    SceneSampler.shuffle(pool, rng);
    List<String> opts = new ArrayList<>(pool.subList(0, OPTIONS - 1));
    int answer = rng.nextInt(OPTIONS);
    opts.add(answer, t.colourWord());
    String q = "What colour is the " + t.anatomy().mention() + "?";
    return new Question(Family.COLOUR_QUERY, q, opts, answer, t.anatomy().displayName());
  }

  /** Answer + 3 distractor classes (never the answer, never an excluded class), shuffled. */
  private static Question anatomyQuestion(Family f, String q, AnatomyClass answer,
                                          List<AnatomyClass> exclude, SplittableRandom rng) {
    List<AnatomyClass> pool = new ArrayList<>(Arrays.asList(AnatomyClass.values()));
    pool.remove(answer);
    pool.removeAll(exclude);
    SceneSampler.shuffle(pool, rng);
    List<String> opts = new ArrayList<>();
    for (AnatomyClass c : pool.subList(0, OPTIONS - 1)) opts.add(c.displayName());
    int idx = rng.nextInt(OPTIONS);
    opts.add(idx, answer.displayName());
    return new Question(f, q, opts, idx, answer.displayName());
  }
}
