package org.shiftadd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shiftadd.engine.InputException;
import org.shiftadd.nn.bench.TrainingThroughput;
import org.shiftadd.nn.data.DatasetException;
import org.shiftadd.nn.data.IdxDatasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shiftadd bench train}: training throughput of the MLP 784-300-10. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Measures the training throughput of the MLP 784-300-10 (mini-batch "
                + "SGD with momentum, one thread) and prints it in samples per second.",
            "By default it trains on the built-in digits; --synthetic uses dense random inputs "
                + "instead."})
final class BenchTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--batch", defaultValue = "64",
            description = "Samples per SGD step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warmup", defaultValue = "3",
            description = "Seconds of training before measuring (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Minimum seconds measured (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--synthetic",
            description = "Train on 4,096 dense random samples instead of the built-in digits.")
    boolean synthetic;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of MNIST-format files to train on (default: the built-in "
                + "digits).")
    Path data;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new InputException("--batch must be at least 1, found " + batch);
        }
        if (!(warmup >= 0) || !(seconds > 0)) {
            throw new InputException("--warmup must be >= 0 and --seconds > 0, found "
                    + warmup + " and " + seconds);
        }
        if (synthetic && data != null) {
            throw new InputException("--synthetic and --data exclude each other; give one");
        }
        PrintWriter out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "training MLP 784-300-10, batch %d: %.0f s warm-up, %.0f s "
                + "measured...%n", batch, warmup, seconds);
        out.flush();
        TrainingThroughput.Result result = synthetic
                ? TrainingThroughput.measureSynthetic(batch, warmup, seconds)
                : TrainingThroughput.measure(loadData(), batch, warmup, seconds);
        out.printf(Locale.ROOT, "%,.0f samples/s  (batch %d, %d thread, %,d samples in %.1f s,"
                + " %s, Java %s)%n", result.samplesPerSecond(), result.batchSize(),
                result.threads(), result.samples(), result.seconds(), result.data(),
                Runtime.version());
        return 0;
    }

    private org.shiftadd.nn.data.Dataset loadData() {
        Path directory = data != null ? data
                : Path.of(System.getProperty("shiftadd.home", ".")).resolve("data/mnist");
        try {
            return IdxDatasets.loadDirectory(directory).train();
        } catch (DatasetException e) {
            throw new InputException(e.getMessage());
        }
    }
}
