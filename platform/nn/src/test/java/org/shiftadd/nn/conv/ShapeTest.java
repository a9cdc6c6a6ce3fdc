package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void sizeAndVector() {
        Shape shape = new Shape(3, 4, 5);

        assertThat(shape.size()).isEqualTo(60);
        assertThat(shape.positions()).isEqualTo(20);
        assertThat(shape.isVector()).isFalse();
        assertThat(Shape.vector(7)).isEqualTo(new Shape(7, 1, 1));
        assertThat(Shape.vector(7).isVector()).isTrue();
        assertThat(shape).hasToString("3x4x5");
    }

    @Test
    void invalidShapesAreRejected() {
        assertThatThrownBy(() -> new Shape(0, 4, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0x4x4");
        assertThatThrownBy(() -> new Shape(65536, 65536, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more elements than a Java array can hold");
    }

    @Test
    void convolutionOutputShapeRoundsDown() {
        assertThat(ConvSpec.square(3, 8, 3, 1, 1).outputShape(new Shape(3, 7, 6)))
                .isEqualTo(new Shape(8, 7, 6));
        assertThat(ConvSpec.square(3, 8, 3, 2, 1).outputShape(new Shape(3, 7, 6)))
                .isEqualTo(new Shape(8, 4, 3));
        assertThat(ConvSpec.square(3, 8, 1, 2, 0).outputShape(new Shape(3, 7, 6)))
                .isEqualTo(new Shape(8, 4, 3));
        assertThat(new ConvSpec(3, 8, 2, 3, 1, 0).outputShape(new Shape(3, 7, 6)))
                .isEqualTo(new Shape(8, 6, 4));
    }

    @Test
    void convolutionCounts() {
        ConvSpec spec = new ConvSpec(3, 8, 2, 5, 1, 0);

        assertThat(spec.taps()).isEqualTo(10);
        assertThat(spec.fanIn()).isEqualTo(30);
        assertThat(spec.weightCount()).isEqualTo(240);
    }

    @Test
    void invalidConvolutionsAreRejected() {
        assertThatThrownBy(() -> ConvSpec.square(3, 8, 3, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stride must be at least 1, found 0");
        assertThatThrownBy(() -> ConvSpec.square(3, 8, 3, 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding must be at least 0, found -1");
        assertThatThrownBy(() -> ConvSpec.square(3, 8, 5, 1, 0).outputShape(new Shape(3, 4, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5x5 kernel does not fit the 3x4x4 input");
    }
}
