// GDQA rewrite: paraphrases the SSG-VQA question forms of the reference data and the synthetic
// set (position in the frame, relation/attribute naming, colour) into another template that keeps
// every content word (positions, colours, relations, object names) and so the answer.
package org.anatomyr1.gdqa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anatomyr1.data.VqaSample;

public final class QuestionParaphraser implements TextRewriter {
  public static final String NAME = "paraphrase";

  /** Question forms; {@code %s} is the form's slot (a position, a noun phrase, an object). */
  enum Form {
    POSITION(List.of(
        "What anatomy is at the %s of the frame ?",
        "Which anatomy is at the %s of the frame?",
        "What anatomy can be seen at the %s of the frame?",
        "Name the anatomy located at the %s of the frame.",
        "At the %s of the frame, which anatomy is visible?")),
    /** "%s" is a noun phrase such as "anatomy that is below the grasper object" or "brown anatomy". */
    NAMING(List.of(
        "What is the name of the %s?",
        "What name is the %s?",
        "There is %s; what is it?",
        "Identify the %s.",
        "What is the %s?")),
    COLOUR(List.of(
        "What colour is the %s?",
        "What is the colour of the %s?",
        "Which colour does the %s have?",
        "Name the colour of the %s."));

    final List<String> templates;

    Form(List<String> templates) {
      this.templates = templates;
    }
  }

  /** A recognised question: its form and the slot text. */
  record Parsed(Form form, String slot) {}

  // Order matters: specific forms before the generic "What is the X?".
  private static final List<Map.Entry<Pattern, Form>> PARSERS = List.of(
      Map.entry(p("^What anatomy is at the (\\S+) of the frame\\s*\\?$"), Form.POSITION),
      Map.entry(p("^Which anatomy is at the (\\S+) of the frame\\s*\\?$"), Form.POSITION),
      Map.entry(p("^What anatomy can be seen at the (\\S+) of the frame\\?$"), Form.POSITION),
      Map.entry(p("^Name the anatomy located at the (\\S+) of the frame\\.$"), Form.POSITION),
      Map.entry(p("^At the (\\S+) of the frame, which anatomy is visible\\?$"), Form.POSITION),
      Map.entry(p("^What colou?r is the (.+?)\\s*\\?$"), Form.COLOUR),
      Map.entry(p("^What is the colou?r of the (.+?)\\s*\\?$"), Form.COLOUR),
      Map.entry(p("^Which colou?r does the (.+?) have\\?$"), Form.COLOUR),
      Map.entry(p("^Name the colou?r of the (.+?)\\.$"), Form.COLOUR),
      Map.entry(p("^What is the name of the (.+?)\\s*\\?$"), Form.NAMING),
      Map.entry(p("^What name is the (.+?)\\s*\\?$"), Form.NAMING),
      Map.entry(p("^There is (an? .+?)\\s*\\??\\s*[;,]\\s*what (?:is its name|name is it|is it)\\s*\\?$"), Form.NAMING),
      Map.entry(p("^Identify the (.+?)\\.$"), Form.NAMING),
      Map.entry(p("^What is the (.+?)\\s*\\?$"), Form.NAMING),
      Map.entry(p("^(?:What|Which) (anatomy|thing|object) is (.+?)\\s*\\?$"), Form.NAMING));

  private static Pattern p(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Parses a question into (form, slot), or null for a form this engine does not know. */
  static Parsed parse(String question) {
    String q = question.strip();
    for (var e : PARSERS) {
      Matcher m = e.getKey().matcher(q);
      if (!m.matches()) continue;
      String slot;
      if (m.groupCount() == 2) {
        slot = m.group(1) + " that is " + m.group(2); // "What anatomy is below X?" -> "anatomy that is below X"
      } else {
        slot = m.group(1);
      }
      if (e.getValue() == Form.NAMING && slot.regionMatches(true, 0, "a ", 0, 2)) slot = slot.substring(2);
      else if (e.getValue() == Form.NAMING && slot.regionMatches(true, 0, "an ", 0, 3)) slot = slot.substring(3);
      return new Parsed(e.getValue(), slot);
    }
    return null;
  }

  static String render(Form form, String template, String slot) {
    if (form == Form.NAMING && template.startsWith("There is %s")) {
      return String.format(Locale.ROOT, template, article(slot) + " " + slot);
    }
    return String.format(Locale.ROOT, template, slot);
  }

  private static String article(String np) {
    return "aeiou".indexOf(Character.toLowerCase(np.charAt(0))) >= 0 ? "an" : "a";
  }

  /** Every paraphrase of {@code question} this engine can make (the original excluded). */
  public static List<String> paraphrases(String question) {
    Parsed parsed = parse(question);
    List<String> out = new ArrayList<>();
    if (parsed == null) return out;
    for (String t : parsed.form().templates) {
      String r = render(parsed.form(), t, parsed.slot());
      if (!r.equals(question.strip()) && !out.contains(r)) out.add(r);
    }
    return out;
  }

  /** True when the question has a form this engine can paraphrase. */
  public static boolean recognises(String question) {
    return parse(question) != null;
  }

  /** Every form's templates, slots left as "%s"; plus the article of "There is a/an %s". */
  @Override
  public List<String> phrases() {
    List<String> all = new ArrayList<>();
    for (Form f : Form.values()) all.addAll(f.templates);
    all.add("a an");
    return all;
  }

  @Override
  public VqaSample rewrite(VqaSample s, SplittableRandom rng) {
    List<String> alts = paraphrases(s.question());
    if (alts.isEmpty()) return s;
    return s.withQuestion(alts.get(rng.nextInt(alts.size())));
  }

  /** Words the templates add or drop; everything else must survive, with its multiplicity. */
  static final java.util.Set<String> TEMPLATE_WORDS = java.util.Set.of("what", "which", "is", "the", "name",
      "of", "that", "a", "an", "there", "it", "its", "identify", "can", "be", "seen", "at", "located",
      "visible", "does", "have", "anatomy", "thing", "object");

  static Map<String, Integer> contentWords(String q) {
    Map<String, Integer> out = new HashMap<>();
    for (String w : q.toLowerCase(Locale.ROOT).split("[^a-z0-9_\\-]+")) {
      if (w.isEmpty() || TEMPLATE_WORDS.contains(w)) continue;
      out.merge(w.equals("color") ? "colour" : w, 1, Integer::sum);
    }
    return out;
  }

  /** Same content words with the same counts, and the same question form. */
  @Override
  public boolean keepsMeaning(String before, String after) {
    Parsed a = parse(before);
    Parsed b = parse(after);
    if (a == null) return before.equals(after);
    return b != null && a.form() == b.form() && contentWords(before).equals(contentWords(after));
  }
}
