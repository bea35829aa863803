// A YAML or JSON config with a syntax error is one line: file:line:column and the parser's reason.
package org.anatomyr1.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.CliRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSyntaxErrorTest {
  @Test
  void yamlAndJsonSyntaxErrorsAreOneLineWithTheLocation(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("c.yaml"), "steps: 3\nlr: [1e-5\nbatch: 2\n");
    CliRefusal.assertRefused(List.of(yaml), List.of(yaml + ":3:", "while parsing a flow sequence; expected ',' or ']'"), "train", "--config", yaml.toString());
    Path json = Files.writeString(dir.resolve("c.json"), "{\n  \"steps\": 3,\n  \"lr\": 1e-5,,\n}\n");
    CliRefusal.assertRefused(List.of(json), List.of(json + ":3:"), "train", "--config", json.toString());
  }
}
