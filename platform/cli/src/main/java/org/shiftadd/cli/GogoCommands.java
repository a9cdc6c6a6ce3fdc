package org.shiftadd.cli;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageInfo;

/** Gogo shell commands in the {@code shiftadd} scope. */
@Component(service = GogoCommands.class, property = {
    "osgi.command.scope=shiftadd",
    "osgi.command.function=stages"
})
public final class GogoCommands {
    private StageDirectory directory;

    @Reference
    void setDirectory(StageDirectory directory) {
        this.directory = directory;
    }

    /**
     * Lists the installed stages, one per line.
     *
     * @return the lines: kind, name, bundle, version and ranking, with '*' on serving ones
     */
    public List<String> stages() {
        return directory.stages().stream().map(GogoCommands::line).toList();
    }

    private static String line(StageInfo stage) {
        return (stage.serving() ? "* " : "  ") + stage.kind() + " " + stage.name() + " "
                + stage.bundle() + " " + stage.version() + " (ranking " + stage.ranking() + ")";
    }
}
