package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncodersTest {
  @TempDir Path dir;

  @Test
  void registryRejectsDuplicatesAndListsValidNames() {
    assertTrue(TextEncoders.names().contains("bge-small-en-v1.5"));
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> TextEncoders.register("bge-small-en-v1.5", BgeSmallEncoder::new));
    assertTrue(dup.getMessage().contains("already registered"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> TextEncoders.create("medclip"));
    assertTrue(unknown.getMessage().contains("unknown text encoder 'medclip'; valid: bge-small-en-v1.5"), unknown.getMessage());
  }

  @Test
  void wrongOnnxPathsFailClearly() throws IOException {
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> TextEncoders.create("onnx:" + dir.resolve("none")));
    assertTrue(a.getMessage().contains("model file not found"), a.getMessage());
    Files.writeString(dir.resolve("model.onnx"), "not a model");
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> TextEncoders.create("onnx:" + dir));
    assertTrue(b.getMessage().contains("tokenizer not found"), b.getMessage());
    copyResource("bge-small-en-v1.5-q-tokenizer.json", dir.resolve("tokenizer.json"));
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> TextEncoders.create("onnx:" + dir));
    assertTrue(c.getMessage().contains("cannot load"), c.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TextEncoders.create("onnx:" + dir + "?pooling=max"))
        .getMessage().contains("valid: mean, cls"));
  }

  /**
   * The generic ONNX path on a real model: the bge-small ONNX + tokenizer shipped inside the
   * langchain4j jar, opened as a user would open their own export. With CLS pooling it must give
   * the same vectors as the bundled encoder; mean pooling gives a different but close embedding.
   */
  @Test
  void onnxEncoderReproducesTheBundledModel() throws IOException {
    copyResource("bge-small-en-v1.5-q.onnx", dir.resolve("model.onnx"));
    copyResource("bge-small-en-v1.5-q-tokenizer.json", dir.resolve("tokenizer.json"));
    CachedTextEncoder bundled = SharedEncoder.bge();
    try (TextEncoder cls = TextEncoders.create("onnx:" + dir + "?pooling=cls");
         TextEncoder mean = TextEncoders.create("onnx:" + dir)) {
      for (String t : new String[] {"Liver", "Abdominal Wall Cavity", "What anatomy is at the top-left of the frame ?"}) {
        float[] ref = bundled.embed(t);
        float[] got = cls.embed(t);
        for (int i = 0; i < ref.length; i++) {
          assertTrue(Math.abs(got[i] - ref[i]) <= 1e-4 + 1e-3 * Math.abs(ref[i]), t + " dim " + i + ": " + got[i] + " vs " + ref[i]);
        }
        double c = Vectors.cosine(mean.embed(t), ref);
        assertTrue(c > 0.8 && c < 0.99999, "mean pooling differs from CLS but stays close: " + c);
      }
    }
  }

  static void copyResource(String name, Path to) throws IOException {
    try (InputStream in = BgeSmallEncoder.class.getClassLoader().getResourceAsStream(name)) {
      assertNotNull(in, "resource " + name + " in the langchain4j jar");
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
