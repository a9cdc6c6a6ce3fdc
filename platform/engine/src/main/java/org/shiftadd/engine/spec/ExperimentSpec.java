package org.shiftadd.engine.spec;

import java.util.List;
import java.util.Map;

/**
 * A validated experiment: data, model, training, the CSD baseline and the chain of stages.
 *
 * @param name experiment name, also the prefix of its run directory
 * @param data {@code mnist} for the built-in digits, or {@code idx:DIR} for an MNIST-format
 *     directory
 * @param model the network
 * @param train the training settings
 * @param baseline the CSD baseline settings
 * @param stages the chain of stages, in order
 * @param source the spec text as given, stored with the run
 */
public record ExperimentSpec(String name, String data, ModelSpec model, TrainSpec train,
        BaselineSpec baseline, List<StepSpec> stages, String source) {

    /** Copies the list of stages. */
    public ExperimentSpec {
        stages = List.copyOf(stages);
    }

    /**
     * The network to train.
     *
     * @param type model type; {@code mlp} is the one supported
     * @param layers layer widths, input first, for example {@code [784, 300, 10]}
     */
    public record ModelSpec(String type, List<Integer> layers) {
        /** Copies the layer widths. */
        public ModelSpec {
            layers = List.copyOf(layers);
        }
    }

    /**
     * Mini-batch SGD settings.
     *
     * @param epochs passes over the training set
     * @param batch samples per step
     * @param learningRate step size
     * @param momentum heavy-ball momentum in [0, 1)
     * @param seed seed of initialisation and shuffling
     */
    public record TrainSpec(int epochs, int batch, double learningRate, double momentum,
            long seed) {
    }

    /**
     * The CSD baseline that every stage is compared against.
     *
     * @param bits B, the weight width of the quantized network
     */
    public record BaselineSpec(int bits) {
    }

    /**
     * One step of the chain.
     *
     * @param kind stage kind key, for example {@code decomposer}
     * @param name stage name, for example {@code csd}
     * @param parameters the other keys of the step
     */
    public record StepSpec(String kind, String name, Map<String, Object> parameters) {
        /** Copies the parameters. */
        public StepSpec {
            parameters = Map.copyOf(parameters);
        }
    }
}
