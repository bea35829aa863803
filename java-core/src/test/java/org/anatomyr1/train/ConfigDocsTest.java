// docs/TRAINING.md's config key table is the one generated from the declarations (ConfigKeys): fails
// when a key is added, removed or changed without `anatomy-r1 config docs docs/TRAINING.md`.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {
  static Path trainingDoc() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path f = d.resolve("docs/TRAINING.md");
      if (Files.isRegularFile(f)) return f;
    }
    throw new IllegalStateException("docs/TRAINING.md not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void theDocTableIsTheGeneratedOne() throws Exception {
    Path doc = trainingDoc();
    String text = Files.readString(doc);
    assertEquals(ConfigKeyTable.updated(text, doc.toString()), text,
        doc + " is stale: run ./anatomy-r1 config docs docs/TRAINING.md");
    for (ConfigKey<?> k : ConfigKeys.all()) assertTrue(text.contains("| `" + k.name() + "` |"), k.name());
  }

  @Test
  void aChangedDeclarationMakesTheDocStale() {
    String doc = "intro\n" + ConfigKeyTable.markdown() + "\nrest\n";
    assertEquals(doc, ConfigKeyTable.updated(doc, "d.md"));
    String edited = doc.replace("| `steps` | `20` |", "| `steps` | `30` |");
    assertTrue(!edited.equals(doc) && !ConfigKeyTable.updated(edited, "d.md").equals(edited));
    assertThrows(IllegalArgumentException.class, () -> ConfigKeyTable.updated("no table", "d.md"));
  }
}
