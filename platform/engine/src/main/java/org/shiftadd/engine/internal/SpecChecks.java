package org.shiftadd.engine.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.ExperimentSpec.ModelSpec;

/**
 * Checks of a new run's spec that go beyond its syntax: files that must exist, layer names
 * that the model must have and steps that need another step. They run before anything is
 * created, so a run does not fail on them after training. The layer names of an ONNX model
 * are known only after its import, which checks them then.
 */
final class SpecChecks {
    /** Convolutions of the ResNet-34 model: 33 with 3x3 kernels and 3 1x1 shortcuts. */
    static final int RESNET34_CONVOLUTIONS = 36;

    private static final Pattern CONVOLUTION = Pattern.compile("conv([1-9][0-9]{0,8})");

    private SpecChecks() {
    }

    /**
     * Returns every problem found, empty when there is none.
     *
     * @param spec a spec that parsed without problems
     */
    static List<String> check(ExperimentSpec spec) {
        List<String> problems = new ArrayList<>();
        checkData(spec.data(), problems);
        ModelSpec model = spec.model();
        if (model.type().equals("onnx") && model.onnx() != null
                && !Files.isRegularFile(Path.of(model.onnx()))) {
            problems.add("model.onnx: " + Path.of(model.onnx()).toAbsolutePath()
                    + " is not a file; give the path of an ONNX model");
        }
        checkForms(model, problems);
        if (model.isMlp()) {
            checkMlpSize(spec.data(), model.layers(), Runtime.getRuntime().maxMemory(),
                    problems);
        }
        boolean regularizer = spec.stages().stream()
                .anyMatch(step -> step.kind().equals("regularizer"));
        if (model.isMlp() && !regularizer) {
            for (int i = 0; i < spec.stages().size(); i++) {
                if (spec.stages().get(i).kind().equals("clusterer")) {
                    problems.add("stages[" + i + "]: on an mlp model, weight sharing works on"
                            + " the pruned network, so a clusterer step needs a regularizer"
                            + " step; add one (such as 'regularizer: group-lasso') or drop"
                            + " the clusterer");
                }
            }
        }
        return problems;
    }

    /** Features and classes of the built-in data set. */
    static final int MNIST_FEATURES = 784;
    /** See {@link #MNIST_FEATURES}. */
    static final int MNIST_CLASSES = 10;
    /**
     * Copies of the weights in memory at once during training: the weights, their gradients,
     * the momentum and the copy for the decompositions. An estimate, because the activations
     * of a batch are small beside them.
     */
    static final int WEIGHT_COPIES = 4;
    private static final double GIB = 1024.0 * 1024 * 1024;

    /**
     * Checks an MLP's widths against the built-in data and its weights against the memory
     * that this JVM may use. Widths for other data are checked when the data is read.
     */
    static void checkMlpSize(String data, List<Integer> layers, long maxMemory,
            List<String> problems) {
        if (data.equals("mnist")) {
            if (layers.get(0) != MNIST_FEATURES) {
                problems.add("model.layers[0] is " + layers.get(0) + " but the built-in mnist"
                        + " data has " + MNIST_FEATURES + " features per sample; set it to "
                        + MNIST_FEATURES);
            }
            int last = layers.get(layers.size() - 1);
            if (last != MNIST_CLASSES) {
                problems.add("model.layers[" + (layers.size() - 1) + "] is " + last
                        + " but the built-in mnist data has " + MNIST_CLASSES + " classes; set"
                        + " it to " + MNIST_CLASSES);
            }
        }
        double weights = 0;
        for (int i = 0; i + 1 < layers.size(); i++) {
            weights += (double) layers.get(i) * layers.get(i + 1);
        }
        double bytes = weights * Double.BYTES * WEIGHT_COPIES;
        if (bytes > maxMemory) {
            problems.add(String.format(Locale.ROOT, "model.layers: the network has %.3g"
                    + " weights, which need about %.1f GiB to train, but this process may use"
                    + " %.1f GiB; use narrower layers, or give Java more memory, for example"
                    + " SHIFTADD_OPTS=-Xmx%dg", weights, bytes / GIB, maxMemory / GIB,
                    (long) Math.ceil(bytes * 1.5 / GIB)));
        }
    }

    private static void checkData(String data, List<String> problems) {
        if (data.startsWith("idx:") || data.startsWith("images:")) {
            Path directory = Path.of(data.substring(data.indexOf(':') + 1));
            if (!Files.isDirectory(directory)) {
                problems.add("data: directory " + directory.toAbsolutePath() + " not found;"
                        + (data.startsWith("idx:")
                                ? " give 'idx:DIR' with a directory of MNIST-format files"
                                : " give 'images:DIR' with train/ and test/ folders"));
            }
        }
    }

    /**
     * Checks the names in {@code model.forms}: only convolutions have a form, and for the
     * built-in models the convolution must exist. An ONNX model's layers are known only
     * after the import, which checks its names then.
     */
    private static void checkForms(ModelSpec model, List<String> problems) {
        int convolutions = switch (model.type()) {
            case "cnn" -> model.channels().size();
            case "resnet34" -> RESNET34_CONVOLUTIONS;
            default -> -1;
        };
        for (String name : new TreeSet<>(model.forms().keySet())) {
            Matcher matcher = CONVOLUTION.matcher(name);
            if (!matcher.matches()) {
                problems.add("model.forms." + name + ": only convolutions (conv1, conv2, ...)"
                        + " have a form; linear layers are plain matrices");
            } else if (convolutions >= 0 && Integer.parseInt(matcher.group(1)) > convolutions) {
                problems.add("model.forms: the network has no layer '" + name + "'; its"
                        + " convolutions are conv1 to conv" + convolutions);
            }
        }
    }
}
