package org.shiftadd.engine.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
