package org.shiftadd.engine.spec;

import java.util.List;
import java.util.Map;

/**
 * A validated experiment: data, model, training, the CSD baseline and the chain of stages.
 *
 * @param name experiment name, also the prefix of its run directory
 * @param data {@code mnist} for the built-in digits, {@code idx:DIR} for an MNIST-format
 *     directory, or {@code none} (convolutional models only: no training, no accuracy)
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
     * The network.
     *
     * @param type {@code mlp}, {@code cnn}, {@code resnet34} or {@code onnx}
     * @param layers MLP layer widths, input first, for example {@code [784, 300, 10]}; empty
     *     for other types
     * @param channels CNN: the output channels of each 3x3 convolution, which ReLU and 2x2 max
     *     pooling follow, before one linear classifier. Empty for other types.
     * @param classes ResNet-34: the number of classes; 0 for other types, which take it from
     *     the data or the ONNX file
     * @param inputSize ResNet-34: height and width of the square input images; 0 for others
     * @param inputChannels ResNet-34: channels of the input images; 0 for others
     * @param onnx ONNX: the path of the model file; {@code null} for other types
     * @param convForm how convolutions with kernels larger than 1x1 become matrices:
     *     {@code pk} (partial kernel) or {@code fk} (full kernel)
     * @param forms per-layer exceptions to {@code convForm}, keyed by layer name
     */
    public record ModelSpec(String type, List<Integer> layers, List<Integer> channels,
            int classes, int inputSize, int inputChannels, String onnx, String convForm,
            Map<String, String> forms) {
        /** Copies the lists and the map. */
        public ModelSpec {
            layers = layers == null ? List.of() : List.copyOf(layers);
            channels = channels == null ? List.of() : List.copyOf(channels);
            forms = forms == null ? Map.of() : Map.copyOf(forms);
            convForm = convForm == null ? "pk" : convForm;
        }

        /**
         * Creates the spec of an MLP.
         *
         * @param type {@code mlp}
         * @param layers layer widths, input first
         */
        public ModelSpec(String type, List<Integer> layers) {
            this(type, layers, List.of(), 0, 0, 0, null, "pk", Map.of());
        }

        /** Returns whether this is a multilayer perceptron rather than a convolutional network. */
        public boolean isMlp() {
            return type.equals("mlp");
        }

        /** Returns the matrix form of the named convolution: {@code pk} or {@code fk}. */
        public String formOf(String layer) {
            return forms.getOrDefault(layer, convForm);
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
     * @param finalEpochs convolutional networks: further passes at {@code finalLearningRate}
     * @param finalLearningRate the step size of the final passes
     * @param shift convolutional networks: when above 0, the training set also contains a copy
     *     of every image moved by up to this many pixels in each direction
     */
    public record TrainSpec(int epochs, int batch, double learningRate, double momentum,
            long seed, int finalEpochs, double finalLearningRate, int shift) {
        /** Settings without final passes or shifted copies. */
        public TrainSpec(int epochs, int batch, double learningRate, double momentum,
                long seed) {
            this(epochs, batch, learningRate, momentum, seed, 0, learningRate / 10, 0);
        }
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
