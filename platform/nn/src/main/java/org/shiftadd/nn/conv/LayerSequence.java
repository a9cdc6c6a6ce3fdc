package org.shiftadd.nn.conv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Runs, copies and folds a list of layers applied one after another. */
final class LayerSequence {
    private LayerSequence() {
    }

    /** Returns an unmodifiable copy of the list after checking that no element is null. */
    static List<Layer> checkLayers(List<? extends Layer> layers, String name) {
        Objects.requireNonNull(layers, name);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new NullPointerException("layer " + i + " of the " + name + " is null");
            }
        }
        return List.copyOf(layers);
    }

    /**
     * Throws if a layer object occurs twice among the layers and their nested layers. A layer
     * stores the activations of its last training pass, so two positions cannot share one.
     */
    static void checkDistinct(List<Layer> layers, String name) {
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        addDistinct(layers, seen, name);
    }

    private static void addDistinct(List<Layer> layers, Set<Layer> seen, String name) {
        for (Layer layer : layers) {
            if (!seen.add(layer)) {
                throw new IllegalArgumentException("the layer " + layer + " occurs more than"
                        + " once in the " + name + ". Layers store activations for training,"
                        + " so create a new layer for every position.");
            }
            if (layer instanceof ResidualBlock block) {
                addDistinct(block.main(), seen, name);
                addDistinct(block.shortcut(), seen, name);
            }
        }
    }

    /**
     * Returns the shape after every layer, the input shape first.
     *
     * @throws IllegalArgumentException naming the first layer that does not fit its input
     */
    static Shape[] shapes(List<Layer> layers, Shape input) {
        Shape[] shapes = new Shape[layers.size() + 1];
        shapes[0] = input;
        for (int i = 0; i < layers.size(); i++) {
            try {
                shapes[i + 1] = layers.get(i).outputShape(shapes[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i)
                        + ") does not fit its " + shapes[i] + " input: " + e.getMessage(), e);
            }
        }
        return shapes;
    }

    static double[] forward(List<Layer> layers, double[] input, int batch, Shape shape,
            boolean training) {
        double[] values = input;
        Shape current = shape;
        for (Layer layer : layers) {
            values = layer.forward(values, batch, current, training);
            current = layer.outputShape(current);
        }
        return values;
    }

    static double[] backward(List<Layer> layers, double[] outputGradient) {
        double[] gradient = outputGradient;
        for (int i = layers.size() - 1; i >= 0; i--) {
            gradient = layers.get(i).backward(gradient);
        }
        return gradient;
    }

    static List<Parameter> parameters(List<Layer> layers) {
        List<Parameter> parameters = new ArrayList<>();
        for (Layer layer : layers) {
            parameters.addAll(layer.parameters());
        }
        return parameters;
    }

    static List<Layer> copy(List<Layer> layers) {
        List<Layer> copies = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            copies.add(layer.copy());
        }
        return copies;
    }

    /**
     * Returns copies of the layers in which every batch normalization right after a
     * convolution is folded into it. Other batch normalizations stay as they are.
     */
    static List<Layer> foldBatchNorm(List<Layer> layers) {
        List<Layer> folded = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            if (layer instanceof Conv2d conv && next instanceof BatchNorm2d norm) {
                folded.add(norm.foldInto(conv));
                i++;
            } else {
                folded.add(layer.foldBatchNorm());
            }
        }
        return folded;
    }

    /**
     * Adds the input shape of every convolution and linear layer, in the order of
     * {@link #collectWeightLayers}.
     */
    static void collectWeightInputs(List<Layer> layers, Shape input, List<Shape> target) {
        Shape shape = input;
        for (Layer layer : layers) {
            if (layer instanceof ResidualBlock block) {
                collectWeightInputs(block.main(), shape, target);
                collectWeightInputs(block.shortcut(), shape, target);
            } else if (layer instanceof Conv2d || layer instanceof Linear) {
                target.add(shape);
            }
            shape = layer.outputShape(shape);
        }
    }

    /** Adds every convolution and linear layer, nested ones included, in forward order. */
    static void collectWeightLayers(List<Layer> layers, List<Layer> target) {
        for (Layer layer : layers) {
            if (layer instanceof ResidualBlock block) {
                collectWeightLayers(block.main(), target);
                collectWeightLayers(block.shortcut(), target);
            } else if (layer instanceof Conv2d || layer instanceof Linear) {
                target.add(layer);
            }
        }
    }
}
