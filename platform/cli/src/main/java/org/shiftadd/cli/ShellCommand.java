package org.shiftadd.cli;

import picocli.CommandLine.Command;

/**
 * {@code shiftadd shell}: listed for its help text only, because the launcher opens the Gogo
 * shell itself before any command runs.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Opens the interactive Gogo shell of the running platform: lb lists "
                + "bundles, scr:list the components, shiftadd:stages the stages. "
                + "Leave it with 'exit 0' or Ctrl-D, which stops the platform."})
final class ShellCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("the shell is opened by bin/shiftadd; run 'shiftadd shell'"
                + " from the distribution");
    }
}
