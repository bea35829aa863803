// `anatomy-r1 config`: the training config keys as declared in train/ConfigKeys: list them, resolve
// and validate a config without training, and regenerate docs/TRAINING.md's key table.
package org.anatomyr1.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.io.DurableFiles;
import org.anatomyr1.train.ConfigKeyTable;
import org.anatomyr1.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Training config keys: list them, check a config, regenerate the docs table.",
    subcommands = {ConfigCommand.Keys.class, ConfigCommand.Show.class, ConfigCommand.Docs.class})
final class ConfigCommand implements Runnable {
  @Override
  public void run() {
    System.out.print(ConfigKeyTable.text());
  }

  @Command(name = "keys", mixinStandardHelpOptions = true, description = "Every key: section, default, allowed values, meaning.")
  static final class Keys implements Runnable {
    @Option(names = "--markdown", description = "print docs/TRAINING.md's table instead")
    boolean markdown;

    @Override
    public void run() {
      System.out.println(markdown ? ConfigKeyTable.markdown() : ConfigKeyTable.text());
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Resolve and validate a config (file, then KEY=VALUE overrides); print it as config.yaml would hold it.")
  static final class Show implements Runnable {
    @Option(names = "--config", description = "YAML or JSON config (nested maps = dotted keys)")
    Path config;

    @Parameters(paramLabel = "KEY=VALUE", description = "config overrides")
    List<String> overrides = new ArrayList<>();

    @Override
    public void run() {
      System.out.print(TrainConfig.load(config, overrides).toYaml());
    }
  }

  @Command(name = "docs", mixinStandardHelpOptions = true, description = "Rewrite the generated key table of a doc in place.")
  static final class Docs implements Runnable {
    @Parameters(paramLabel = "FILE", description = "the doc (docs/TRAINING.md)")
    Path file;

    @Override
    public void run() {
      try {
        DurableFiles.writeString(file, ConfigKeyTable.updated(Files.readString(file), file.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": " + e.getMessage(), e);
      }
      System.out.println("updated " + file);
    }
  }

  /** Appends the key list to the usage help of `train` and `sft` (picocli model transformer). */
  static final class KeysInHelp implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.usageMessage().footer("%n" + ConfigKeyTable.text().replace("%", "%%"));
      spec.usageMessage().width(Math.max(spec.usageMessage().width(), 200)); // one key per line, not wrapped
      return spec;
    }
  }
}
