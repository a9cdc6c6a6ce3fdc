package org.shiftadd.nn.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Residual networks built from basic blocks, after He et al., "Deep Residual Learning for
 * Image Recognition" (CVPR 2016), with the stem adapted to small images.
 *
 * <p>The stem is a 3x3 stride-1 convolution without bias, batch norm and ReLU, with no max
 * pooling. Stage {@code s} has {@code blocksPerStage[s]} {@linkplain ResidualBlock#basic basic
 * blocks} of {@code widths[s]} channels. The first block of every stage after the first has
 * stride 2 and a 1x1 convolution in its shortcut. Global average pooling and a linear layer
 * with bias give the logits. Convolution and linear weights are He-normal, drawn from one
 * {@link Random} in forward order, and batch norms start with scale 1 and shift 0.
 */
public final class ResNets {
    private static final int[] RESNET34_BLOCKS = {3, 4, 6, 3};
    private static final int[] RESNET_WIDTHS = {64, 128, 256, 512};

    private ResNets() {
    }

    /**
     * Creates a ResNet-34: basic blocks {@code [3, 4, 6, 3]} with widths 64, 128, 256 and
     * 512. For 64x64 inputs the stages work on 64x64, 32x32, 16x16 and 8x8 positions.
     *
     * @param inputChannels channels of the input images, for example 3 for RGB
     * @param inputSize height and width of the square input images
     * @param classes number of classes
     * @param seed seed of the {@link Random} that draws the weights
     * @return the network
     * @throws IllegalArgumentException if a value is below 1
     */
    public static ConvNetwork resnet34(int inputChannels, int inputSize, int classes,
            long seed) {
        return basicResNet(RESNET34_BLOCKS, RESNET_WIDTHS, inputChannels, inputSize, classes,
                seed);
    }

    /**
     * Creates a residual network of basic blocks, for example ResNet-18 with blocks
     * {@code [2, 2, 2, 2]} and widths {@code [64, 128, 256, 512]}.
     *
     * @param blocksPerStage number of blocks of every stage, each at least 1
     * @param widths channels of every stage, one per stage, each at least 1; the stem has
     *     the width of the first stage
     * @param inputChannels channels of the input images
     * @param inputSize height and width of the square input images
     * @param classes number of classes
     * @param seed seed of the {@link Random} that draws the weights
     * @return the network
     * @throws IllegalArgumentException if the arrays differ in length or are empty, or a
     *     value is below 1
     */
    public static ConvNetwork basicResNet(int[] blocksPerStage, int[] widths,
            int inputChannels, int inputSize, int classes, long seed) {
        checkStages(blocksPerStage, widths);
        if (classes < 1) {
            throw new IllegalArgumentException("a network needs at least 1 class, found "
                    + classes);
        }
        Shape input = new Shape(inputChannels, inputSize, inputSize);
        Random random = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(Conv2d.create(ConvSpec.square(inputChannels, widths[0], 3, 1, 1), false,
                random));
        layers.add(BatchNorm2d.create(widths[0]));
        layers.add(new Relu());
        int channels = widths[0];
        for (int stage = 0; stage < widths.length; stage++) {
            for (int block = 0; block < blocksPerStage[stage]; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                layers.add(ResidualBlock.basic(channels, widths[stage], stride, random));
                channels = widths[stage];
            }
        }
        layers.add(new GlobalAvgPool());
        layers.add(Linear.create(channels, classes, random));
        return ConvNetwork.of(input, layers);
    }

    private static void checkStages(int[] blocksPerStage, int[] widths) {
        Objects.requireNonNull(blocksPerStage, "blocksPerStage");
        Objects.requireNonNull(widths, "widths");
        if (blocksPerStage.length == 0 || blocksPerStage.length != widths.length) {
            throw new IllegalArgumentException("a residual network needs at least one stage"
                    + " and one width per stage, found " + blocksPerStage.length
                    + " block counts and " + widths.length + " widths");
        }
        for (int s = 0; s < widths.length; s++) {
            if (blocksPerStage[s] < 1 || widths[s] < 1) {
                throw new IllegalArgumentException("stage " + s + " needs at least 1 block and"
                        + " 1 channel, found " + blocksPerStage[s] + " blocks and " + widths[s]
                        + " channels");
            }
        }
    }
}
