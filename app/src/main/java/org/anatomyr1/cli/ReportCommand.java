// `anatomy-r1 report`: (re)writes plots/*.png and report.html of a run directory from its
// metrics.jsonl, config.yaml and eval/ files (also those of its direct sub-runs).
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.anatomyr1.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write plots/*.png and report.html for a run directory (metrics.jsonl, config.yaml, eval/).")
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "run directory, e.g. runs/demo-20260101-120000")
  Path run;

  @Option(names = "--title", description = "page heading (default: the run directory's name)")
  String title;

  @Override
  public Integer call() {
    String heading = title != null ? title : String.valueOf(run.toAbsolutePath().normalize().getFileName());
    ReportWriter.Report r = ReportWriter.write(run, heading, null);
    System.out.println("wrote " + r.html() + " with " + r.plots().size() + " plots and " + r.evaluations().size()
        + " evaluations");
    return 0;
  }
}
