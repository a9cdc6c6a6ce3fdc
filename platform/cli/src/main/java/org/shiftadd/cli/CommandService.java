package org.shiftadd.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.function.ToIntFunction;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.bus.StageDirectory;
import picocli.CommandLine;

/**
 * The {@code shiftadd} command as a service that the launcher calls with the process
 * arguments once every bundle has started; it returns the exit status.
 */
@Component(service = ToIntFunction.class, property = "shiftadd.command=main")
public final class CommandService implements ToIntFunction<String[]> {
    private Engine engine;
    private StageDirectory stages;
    private Vertx vertx;

    @Reference
    void setEngine(Engine engine) {
        this.engine = engine;
    }

    @Reference
    void setStages(StageDirectory stages) {
        this.stages = stages;
    }

    @Reference
    void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public int applyAsInt(String[] args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args);
    }

    /**
     * Builds the command tree.
     *
     * @param out where results go
     * @param err where progress and errors go
     * @return the configured command line
     */
    CommandLine commandLine(PrintWriter out, PrintWriter err) {
        ShiftaddCommand root = new ShiftaddCommand();
        CommandLine commandLine = new CommandLine(root)
                .addSubcommand(new RunCommand(engine))
                .addSubcommand(new ServeCommand(vertx, engine, stages))
                .addSubcommand(new EmitCommand(engine))
                .addSubcommand(new StagesCommand(stages))
                .addSubcommand(new DecomposeCommand(vertx, stages))
                .addSubcommand(new BenchCommand())
                .addSubcommand(new ShellCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorHandler(root));
        return commandLine;
    }
}
