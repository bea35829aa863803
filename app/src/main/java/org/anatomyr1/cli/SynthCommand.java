// `anatomy-r1 synth`: generate the synthetic anatomy VQA dataset (the embedded default).
package org.anatomyr1.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.data.synth.QuestionEngine;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Render endoscopy-like scenes with SSG-VQA-style questions: DIR/{train,val,test}.jsonl + DIR/images/.")
final class SynthCommand implements Callable<Integer> {
  @Mixin
  SeededOutputOptions output;

  @Option(names = "--n", defaultValue = "200", description = "number of questions (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--size", defaultValue = "160", description = "frame side in pixels, 112..448 (default: ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--per-scene", defaultValue = "3", description = "questions per scene, 1..4 (default: ${DEFAULT-VALUE})")
  int perScene;

  @Option(names = "--families", split = ",", defaultValue = "position,relation,colour_name,colour_query",
      description = "question families to ask (default: ${DEFAULT-VALUE}); colour_query answers are colour words, the rest anatomy names")
  List<String> families;

  @Override
  public Integer call() {
    var fam = java.util.EnumSet.noneOf(QuestionEngine.Family.class);
    for (String f : families) fam.add(QuestionEngine.Family.parse(f));
    var gen = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(n, output.seed, size, perScene, fam));
    var result = gen.write(output.out);
    StringBuilder sb = new StringBuilder("wrote " + result.scenes() + " scenes to " + output.out + ":");
    result.splits().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.size()));
    System.out.println(sb);
    return 0;
  }
}
