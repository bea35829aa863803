// Turns an exception thrown by a command into a one-line reason and a non-zero exit code, so bad
// input never ends in a stack trace (set AR1_DEBUG=1 to see the trace).
package org.anatomyr1.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

final class OneLineErrors implements IExecutionExceptionHandler {
  static final int EXIT_BAD_INPUT = 2;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (System.getenv("AR1_DEBUG") != null) e.printStackTrace();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    cmd.getErr().println("anatomy-r1 " + cmd.getCommandName() + ": " + message);
    return EXIT_BAD_INPUT;
  }
}
