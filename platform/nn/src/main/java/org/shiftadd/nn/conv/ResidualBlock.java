package org.shiftadd.nn.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A residual block {@code relu(main(x) + shortcut(x))}, after He et al., "Deep Residual
 * Learning for Image Recognition" (CVPR 2016). Each branch is a list of layers, and an
 * empty shortcut is the identity.
 *
 * <p>{@link #basic} builds the basic block of ResNet-18 and ResNet-34.
 */
public final class ResidualBlock extends Layer {
    private final List<Layer> main;
    private final List<Layer> shortcut;
    private final Relu relu = new Relu();

    private ResidualBlock(List<Layer> main, List<Layer> shortcut) {
        this.main = main;
        this.shortcut = shortcut;
    }

    /**
     * Creates a block from its branches. The block uses the given layers, not copies, so a
     * layer must not be used anywhere else.
     *
     * @param main the layers of the main branch, at least one
     * @param shortcut the layers of the shortcut branch; empty for the identity
     * @return the block
     * @throws IllegalArgumentException if the main branch is empty or a layer occurs twice
     */
    public static ResidualBlock of(List<? extends Layer> main, List<? extends Layer> shortcut) {
        List<Layer> mainLayers = LayerSequence.checkLayers(main, "main branch");
        List<Layer> shortcutLayers = LayerSequence.checkLayers(shortcut, "shortcut branch");
        if (mainLayers.isEmpty()) {
            throw new IllegalArgumentException("the main branch of a residual block needs at"
                    + " least one layer");
        }
        List<Layer> both = new ArrayList<>(mainLayers);
        both.addAll(shortcutLayers);
        LayerSequence.checkDistinct(both, "residual block");
        return new ResidualBlock(mainLayers, shortcutLayers);
    }

    /**
     * Creates a basic block: main branch 3x3 convolution with the given stride, batch norm,
     * ReLU, 3x3 convolution, batch norm, all convolutions without bias and with padding 1.
     * The shortcut is the identity when the stride is 1 and the channel counts are equal,
     * and otherwise a 1x1 convolution with the given stride followed by batch norm.
     *
     * @param inChannels input channels
     * @param outChannels output channels of both branches
     * @param stride stride of the first convolution and of the shortcut, at least 1
     * @param random draws the He-normal weights, main branch first
     * @return the block
     * @throws IllegalArgumentException if a value is invalid
     */
    public static ResidualBlock basic(int inChannels, int outChannels, int stride,
            Random random) {
        Objects.requireNonNull(random, "random");
        List<Layer> main = List.of(
                Conv2d.create(ConvSpec.square(inChannels, outChannels, 3, stride, 1), false,
                        random),
                BatchNorm2d.create(outChannels),
                new Relu(),
                Conv2d.create(ConvSpec.square(outChannels, outChannels, 3, 1, 1), false,
                        random),
                BatchNorm2d.create(outChannels));
        if (stride == 1 && inChannels == outChannels) {
            return new ResidualBlock(main, List.of());
        }
        List<Layer> shortcut = List.of(
                Conv2d.create(ConvSpec.square(inChannels, outChannels, 1, stride, 0), false,
                        random),
                BatchNorm2d.create(outChannels));
        return new ResidualBlock(main, shortcut);
    }

    /** Returns the layers of the main branch, unmodifiable. */
    public List<Layer> main() {
        return main;
    }

    /**
     * Returns the layers of the shortcut branch, unmodifiable, or an empty list for the
     * identity.
     */
    public List<Layer> shortcut() {
        return shortcut;
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape[] mainShapes = LayerSequence.shapes(main, input);
        Shape[] shortcutShapes = LayerSequence.shapes(shortcut, input);
        Shape mainOutput = mainShapes[mainShapes.length - 1];
        Shape shortcutOutput = shortcutShapes[shortcutShapes.length - 1];
        if (!mainOutput.equals(shortcutOutput)) {
            throw new IllegalArgumentException("the main branch of the residual block turns a "
                    + input + " input into " + mainOutput + " but the shortcut into "
                    + shortcutOutput + ". Both branches must give the same shape.");
        }
        return mainOutput;
    }

    @Override
    public ResidualBlock copy() {
        return new ResidualBlock(List.copyOf(LayerSequence.copy(main)),
                List.copyOf(LayerSequence.copy(shortcut)));
    }

    @Override
    List<Parameter> parameters() {
        List<Parameter> parameters = LayerSequence.parameters(main);
        parameters.addAll(LayerSequence.parameters(shortcut));
        return parameters;
    }

    @Override
    ResidualBlock foldBatchNorm() {
        return new ResidualBlock(List.copyOf(LayerSequence.foldBatchNorm(main)),
                List.copyOf(LayerSequence.foldBatchNorm(shortcut)));
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        double[] mainOutput = LayerSequence.forward(main, input, batch, shape, training);
        double[] shortcutOutput = LayerSequence.forward(shortcut, input, batch, shape,
                training);
        double[] sum = new double[mainOutput.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = mainOutput[i] + shortcutOutput[i];
        }
        return relu.forward(sum, batch, outputShape(shape), training);
    }

    /** Sends the gradient through both branches and adds their input gradients. */
    @Override
    double[] backward(double[] outputGradient) {
        double[] gradient = relu.backward(outputGradient);
        double[] mainGradient = LayerSequence.backward(main, gradient.clone());
        double[] shortcutGradient = LayerSequence.backward(shortcut, gradient);
        for (int i = 0; i < mainGradient.length; i++) {
            mainGradient[i] += shortcutGradient[i];
        }
        return mainGradient;
    }

    @Override
    public String toString() {
        return "ResidualBlock[main " + main + ", shortcut "
                + (shortcut.isEmpty() ? "identity" : shortcut.toString()) + "]";
    }
}
