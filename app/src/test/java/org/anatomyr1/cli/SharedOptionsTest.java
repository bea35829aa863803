// The option mixins shared by two commands: each command declares every shared option exactly as
// the other does (names, default, help, arity, required), the same arguments give the same values
// in both, and the defaults are the ones the help promises.
package org.anatomyr1.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.anatomyr1.model.core.ComputeSettings;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class SharedOptionsTest {
  private static final String[] EVAL_REQUIRED = {"--model", "m", "--data", "d.jsonl"};
  private static final String[] GENERATE_REQUIRED = {"--model", "m", "--image", "i.png", "--question", "q"};
  private static final String[] AUGMENT_REQUIRED = {"--data", "d.jsonl", "--out", "o"};
  private static final String[] DIFFICULTY_REQUIRED = {"--data", "d.jsonl", "--out", "o.jsonl"};

  private static <T> T parse(T command, String[] required, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(required));
    all.addAll(Arrays.asList(args));
    new CommandLine(command).parseArgs(all.toArray(String[]::new));
    return command;
  }

  /** What `--help` shows of an option, and how it parses. */
  private static String declaration(Object command, String name) {
    OptionSpec o = new CommandLine(command).getCommandSpec().findOption(name);
    assertNotNull(o, command.getClass().getSimpleName() + " has no " + name);
    return String.join("|", List.of(Arrays.toString(o.names()), Arrays.toString(o.description()),
        String.valueOf(o.defaultValue()), String.valueOf(o.required()), o.arity().toString(), o.paramLabel(),
        o.type().getName()));
  }

  private static void sameDeclarations(Object a, Object b, String... names) {
    for (String n : names) assertEquals(declaration(a, n), declaration(b, n), n);
  }

  @Test
  void sharedOptionsAreDeclaredTheSameWayInBothCommands() {
    sameDeclarations(new EvalCommand(), new GenerateCommand(), "--dtype", "--device", "--max-new-tokens", "--seed");
    sameDeclarations(new AugmentCommand(), new DifficultyCommand(), "--data", "--format");
    sameDeclarations(new AugmentCommand(), new SynthCommand(), "--out", "--seed");
  }

  @Test
  void computeAndDecodingParseTheSameInEvalAndGenerate() {
    String[] args = {"--dtype", "bf16", "--device", "cuda:1", "--max-new-tokens", "9", "--seed", "7"};
    EvalCommand eval = parse(new EvalCommand(), EVAL_REQUIRED, args);
    GenerateCommand generate = parse(new GenerateCommand(), GENERATE_REQUIRED, args);
    assertEquals(new ComputeSettings(ScalarType.BFloat16, "cuda:1"), eval.compute.settings());
    assertEquals(eval.compute.settings(), generate.compute.settings());
    assertEquals(9, eval.decoding.maxNewTokens);
    assertEquals(9, generate.decoding.maxNewTokens);
    assertEquals(7L, eval.decoding.sampling(0.9, 50, 0.9, 1.0).seed());
    assertEquals(eval.decoding.sampling(0.5, 3, 0.8, 1.1), generate.decoding.sampling(0.5, 3, 0.8, 1.1));
  }

  @Test
  void computeAndDecodingDefaultsAreTheDocumentedOnes() {
    for (Object c : List.of(parse(new EvalCommand(), EVAL_REQUIRED), parse(new GenerateCommand(), GENERATE_REQUIRED))) {
      ComputeOptions compute = c instanceof EvalCommand e ? e.compute : ((GenerateCommand) c).compute;
      DecodingOptions decoding = c instanceof EvalCommand e ? e.decoding : ((GenerateCommand) c).decoding;
      assertEquals(ComputeSettings.cpuFloat32(), compute.settings(), c.getClass().getSimpleName());
      assertEquals(128, decoding.maxNewTokens, c.getClass().getSimpleName());
      assertEquals(0L, decoding.seed, c.getClass().getSimpleName());
    }
    EvalCommand bad = parse(new EvalCommand(), EVAL_REQUIRED, "--dtype", "int8");
    assertThrows(IllegalArgumentException.class, bad.compute::settings);
  }

  @Test
  void dataAndOutputParseTheSameInTheirCommands() {
    AugmentCommand augment = parse(new AugmentCommand(), AUGMENT_REQUIRED, "--format", "swift", "--seed", "5");
    DifficultyCommand difficulty = parse(new DifficultyCommand(), DIFFICULTY_REQUIRED, "--format", "swift");
    SynthCommand synth = parse(new SynthCommand(), new String[] {"--out", "o"}, "--seed", "5");
    assertEquals(Path.of("d.jsonl"), augment.dataset.data);
    assertEquals(augment.dataset.data, difficulty.dataset.data);
    assertEquals("swift", augment.dataset.format);
    assertEquals(augment.dataset.format, difficulty.dataset.format);
    assertEquals(Path.of("o"), augment.output.out);
    assertEquals(augment.output.out, synth.output.out);
    assertEquals(5L, augment.output.seed);
    assertEquals(augment.output.seed, synth.output.seed);
    assertEquals("auto", parse(new DifficultyCommand(), DIFFICULTY_REQUIRED).dataset.format);
    assertEquals(0L, parse(new SynthCommand(), new String[] {"--out", "o"}).output.seed);
    // still required in every command that shares them
    assertThrows(CommandLine.MissingParameterException.class, () -> parse(new DifficultyCommand(), new String[] {"--out", "o"}));
    assertThrows(CommandLine.MissingParameterException.class, () -> parse(new SynthCommand(), new String[0]));
  }
}
