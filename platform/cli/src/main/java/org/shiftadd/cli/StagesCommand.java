package org.shiftadd.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shiftadd stages}: lists the installed stages. */
@Command(name = "stages", mixinStandardHelpOptions = true,
        description = "Lists the installed stages with their event-bus address, bundle and "
                + "version. A '*' marks the service that serves its address (highest ranking).")
final class StagesCommand implements Callable<Integer> {
    private final StageDirectory directory;

    @Spec
    CommandSpec command;

    StagesCommand(StageDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Integer call() {
        List<StageInfo> stages = directory.stages();
        PrintWriter out = command.commandLine().getOut();
        if (stages.isEmpty()) {
            out.println("no stages installed");
            return 0;
        }
        int name = width(stages, StageInfo::name, "name");
        int address = width(stages, StageInfo::address, "address");
        int bundle = width(stages, StageInfo::bundle, "bundle");
        String format = "%-1s %-11s %-" + name + "s  %-" + address + "s  %-" + bundle + "s  %s%n";
        out.printf(format, "", "kind", "name", "address", "bundle", "version (ranking)");
        for (StageInfo stage : stages) {
            out.printf(format, stage.serving() ? "*" : "", stage.kind(), stage.name(),
                    stage.address(), stage.bundle(),
                    stage.version() + " (" + stage.ranking() + ")");
        }
        out.flush();
        return 0;
    }

    private static int width(List<StageInfo> stages, Function<StageInfo, String> field,
            String header) {
        return Math.max(header.length(),
                stages.stream().mapToInt(s -> field.apply(s).length()).max().orElse(0));
    }
}
