// Options shared by `sft` and `train`: a config file, the common keys as flags, and `key=value`
// overrides (applied last), resolved into a validated TrainConfig.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.train.TrainConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

final class TrainOptions {
  @Option(names = "--config", description = "YAML or JSON config (nested maps = dotted keys)")
  Path config;

  @Option(names = "--model", description = "HF model directory (key: model)")
  Path model;

  @Option(names = "--data", description = "training data file (key: data.train)")
  Path data;

  @Option(names = "--out", description = "parent of run directories (key: out, default runs)")
  Path out;

  @Option(names = "--name", description = "run name: the run directory is <out>/<name> (key: name)")
  String name;

  @Option(names = "--device", description = "cpu or cuda (key: device)")
  String device;

  @Option(names = "--resume", description = "continue from a checkpoint directory (runs/<name>/checkpoints/step-N)")
  Path resume;

  @Option(names = "--overwrite", description = "replace the results of an earlier run in the run directory (key: overwrite)")
  boolean overwrite;

  @Option(names = "--strict", description = "any bad data record is fatal (key: strict)")
  boolean strict;

  @Option(names = "--images-root", description = "directory relative image paths resolve against (key: data.images_root)")
  Path imagesRoot;

  @Parameters(paramLabel = "KEY=VALUE", description = "config overrides, e.g. steps=100 lr=1e-5 curriculum.bins=3 (every key: see below)")
  List<String> overrides = new ArrayList<>();

  /** Config file, then the flags (plus {@code extra}), then the positional overrides. */
  TrainConfig resolve(List<String> extra) {
    List<String> o = new ArrayList<>();
    if (model != null) o.add("model=" + model);
    if (data != null) o.add("data.train=" + data);
    if (out != null) o.add("out=" + out);
    if (name != null) o.add("name=" + name);
    if (device != null) o.add("device=" + device);
    if (resume != null) o.add("resume=" + resume);
    if (overwrite) o.add("overwrite=true");
    if (strict) o.add("strict=true");
    if (imagesRoot != null) o.add("data.images_root=" + imagesRoot);
    o.addAll(extra);
    o.addAll(overrides);
    TrainConfig c = TrainConfig.load(config, o).requireInputs();
    // a second run fails in seconds, before LibTorch loads; in a data-parallel job only rank 0 holds the directory
    if (org.anatomyr1.dist.Rendezvous.fromEnvironment().rank() == 0) org.anatomyr1.train.RunDirectory.refuseIfInUse(c.runDir());
    return c;
  }
}
