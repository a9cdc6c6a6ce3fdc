package org.shiftadd.nn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFoldersTest {
    @TempDir
    Path dir;

    /** Writes a 3x2 PNG whose pixel (x, y) is red 10x + y, green 100 + shade, blue 200. */
    private static void png(Path file, int shade) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                image.setRGB(x, y, ((10 * x + y) << 16) | ((100 + shade) << 8) | 200);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void classFoldersBecomeLabels() throws IOException {
        png(dir.resolve("train/cat/a.png"), 1);
        png(dir.resolve("train/cat/b.png"), 2);
        png(dir.resolve("train/ant/images/c.PNG"), 3);
        png(dir.resolve("test/cat/d.png"), 4);
        Files.writeString(dir.resolve("train/cat/notes.txt"), "not an image");

        DatasetPair data = ImageFolders.loadDirectory(dir);

        assertThat(data.train().size()).isEqualTo(3);
        assertThat(data.train().classes()).isEqualTo(2);
        assertThat(data.train().features()).isEqualTo(18);
        // Classes in sorted order: ant is 0, cat is 1.
        assertThat(data.train().label(0)).isZero();
        assertThat(data.train().label(1)).isEqualTo(1);
        assertThat(data.test().label(0)).isEqualTo(1);
        double[] first = Arrays.copyOfRange(data.train().inputs(), 0, 18);
        assertThat(Arrays.copyOfRange(first, 0, 6)).containsExactly(0, 10 / 255.0,
                20 / 255.0, 1 / 255.0, 11 / 255.0, 21 / 255.0);
        assertThat(first[6]).isEqualTo(103 / 255.0);
        assertThat(first[12]).isEqualTo(200 / 255.0);
    }

    @Test
    void tinyImageNetValidationLayoutIsRead() throws IOException {
        png(dir.resolve("train/n01/images/n01_0.png"), 0);
        png(dir.resolve("train/n02/images/n02_0.png"), 0);
        png(dir.resolve("val/images/val_0.png"), 5);
        png(dir.resolve("val/images/val_1.png"), 6);
        Files.writeString(dir.resolve("val/val_annotations.txt"),
                "val_0.png\tn02\t0\t0\t3\t2\nval_1.png\tn01\t0\t0\t3\t2\n");

        DatasetPair data = ImageFolders.loadDirectory(dir);

        assertThat(data.test().size()).isEqualTo(2);
        assertThat(data.test().label(0)).isEqualTo(1);
        assertThat(data.test().label(1)).isZero();
        assertThat(data.test().inputs()[6]).isEqualTo(105 / 255.0);
    }

    @Test
    void emptyClassFolderIsRejected() throws IOException {
        png(dir.resolve("train/red/a.png"), 0);
        Files.createDirectories(dir.resolve("train/green"));
        png(dir.resolve("test/red/b.png"), 0);

        assertThatThrownBy(() -> ImageFolders.loadDirectory(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("green contains no PNG, JPEG, BMP or GIF images");
    }

    @Test
    void annotationProblemsNameTheLine() throws IOException {
        png(dir.resolve("train/n01/a.png"), 0);
        png(dir.resolve("val/images/v.png"), 0);
        Files.writeString(dir.resolve("val/val_annotations.txt"), "v.png\tn03\n");
        assertThatThrownBy(() -> ImageFolders.loadDirectory(dir))
                .hasMessageContaining("line 1: class 'n03' has no training folder; the training"
                        + " classes are [n01]");

        Files.writeString(dir.resolve("val/val_annotations.txt"), "v.png\tn01\nw.png\tn01\n");
        assertThatThrownBy(() -> ImageFolders.loadDirectory(dir))
                .hasMessageContaining("line 2: image ")
                .hasMessageContaining("w.png not found");
    }

    @Test
    void problemsNameTheFile() throws IOException {
        assertThatThrownBy(() -> ImageFolders.loadDirectory(dir))
                .isInstanceOf(DatasetException.class).hasMessageContaining("has no train folder");

        png(dir.resolve("train/a/x.png"), 0);
        png(dir.resolve("test/b/y.png"), 0);
        assertThatThrownBy(() -> ImageFolders.loadDirectory(dir))
                .hasMessageContaining("is a class that the training images lack")
                .hasMessageContaining("[a]");

        Files.delete(dir.resolve("test/b/y.png"));
        Files.delete(dir.resolve("test/b"));
        Files.createDirectories(dir.resolve("test/a"));
        Files.write(dir.resolve("test/a/broken.png"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ImageFolders.loadDirectory(dir))
                .hasMessageContaining("broken.png is not a readable PNG, JPEG, BMP or GIF");

        Files.delete(dir.resolve("test/a/broken.png"));
        BufferedImage large = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(large, "png", dir.resolve("test/a/large.png").toFile());
        assertThatThrownBy(() -> ImageFolders.loadDirectory(dir))
                .hasMessageContaining("large.png is 4x4 pixels, but the first training image"
                        + " is 3x2");
    }
}
