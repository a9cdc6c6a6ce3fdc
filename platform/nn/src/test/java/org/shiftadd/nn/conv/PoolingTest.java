package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoolingTest {
    /** One 1x3x4 image: rows 1 2 3 4, 8 7 6 5, 9 10 11 12. */
    private static final Shape SHAPE = new Shape(1, 3, 4);
    private static final double[] IMAGE = {1, 2, 3, 4, 8, 7, 6, 5, 9, 10, 11, 12};

    @Test
    void maxPoolTakesWindowMaximum() {
        MaxPool2d pool = new MaxPool2d(2, 2);

        assertThat(pool.outputShape(SHAPE)).isEqualTo(new Shape(1, 1, 2));
        assertThat(pool.forward(IMAGE, 1, SHAPE)).containsExactly(8, 6);
    }

    @Test
    void paddedMaxPoolLeavesPaddingOut() {
        // 3x3 windows, stride 2, padding 1 over rows 1 2 3 4, 8 7 6 5, 9 10 11 12, with
        // negative values so that a padded 0 would win if it took part.
        double[] negative = new double[IMAGE.length];
        for (int k = 0; k < IMAGE.length; k++) {
            negative[k] = -IMAGE[k];
        }
        MaxPool2d pool = new MaxPool2d(3, 2, 1);

        assertThat(pool.outputShape(SHAPE)).isEqualTo(new Shape(1, 2, 2));
        assertThat(pool.forward(negative, 1, SHAPE)).containsExactly(-1, -2, -7, -5);
        assertThat(pool).hasToString("MaxPool2d[3x3, stride 2, padding 1]");
        assertThatThrownBy(() -> new MaxPool2d(3, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding must be 0 to kernel size - 1 (2), found 3");
    }

    @Test
    void averagePoolTakesWindowMean() {
        AvgPool2d pool = new AvgPool2d(2, 2);

        assertThat(pool.forward(IMAGE, 1, SHAPE)).containsExactly(4.5, 4.5);
    }

    @Test
    void overlappingWindowsWithStrideOne() {
        Shape out = new Shape(1, 2, 3);

        assertThat(new MaxPool2d(2, 1).outputShape(SHAPE)).isEqualTo(out);
        assertThat(new MaxPool2d(2, 1).forward(IMAGE, 1, SHAPE))
                .containsExactly(8, 7, 6, 10, 11, 12);
        assertThat(new AvgPool2d(2, 1).forward(IMAGE, 1, SHAPE))
                .containsExactly(4.5, 4.5, 4.5, 8.5, 8.5, 8.5);
    }

    @Test
    void globalAveragePoolAveragesEveryChannel() {
        double[] twoImagesOfTwoChannels = {1, 3, 10, 20, -1, -3, 0, 4};

        double[] output = new GlobalAvgPool().forward(twoImagesOfTwoChannels, 2,
                new Shape(2, 1, 2));

        assertThat(output).containsExactly(2, 15, -2, 2);
    }

    @Test
    void windowLargerThanInputIsRejected() {
        assertThatThrownBy(() -> new MaxPool2d(4, 1).outputShape(SHAPE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4x4 window cannot take a 1x3x4 input");
        assertThatThrownBy(() -> new AvgPool2d(2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stride 0");
    }

    @Test
    void flattenKeepsValuesAndMakesVector() {
        Flatten flatten = new Flatten();

        assertThat(flatten.outputShape(SHAPE)).isEqualTo(Shape.vector(12));
        assertThat(flatten.forward(IMAGE, 1, SHAPE)).containsExactly(IMAGE);
    }
}
