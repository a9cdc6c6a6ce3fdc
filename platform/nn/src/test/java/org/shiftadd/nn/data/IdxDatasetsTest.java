package org.shiftadd.nn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetsTest {
    /** The built-in sample, relative to this module's directory, where Maven runs tests. */
    private static final Path BUILT_IN = Path.of("../../distribution/data/mnist");

    @TempDir
    Path dir;

    @Test
    void builtInSampleLoads() {
        DatasetPair pair = IdxDatasets.loadDirectory(BUILT_IN);

        assertThat(pair.train().size()).isEqualTo(8000);
        assertThat(pair.test().size()).isEqualTo(2000);
        assertThat(pair.train().features()).isEqualTo(784);
        assertThat(pair.train().classes()).isEqualTo(10);
        assertThat(pair.test().classes()).isEqualTo(10);
        assertThat(pair.train().classCounts())
                .containsExactly(801, 927, 791, 832, 780, 663, 814, 870, 744, 778);
        assertThat(pair.test().classCounts())
                .containsExactly(200, 200, 200, 200, 200, 200, 200, 200, 200, 200);
    }

    @Test
    void builtInSampleIsScaledAndShuffled() {
        Dataset train = IdxDatasets.loadDirectory(BUILT_IN).train();
        double[] inputs = train.inputs();

        assertThat(Arrays.stream(inputs).min().getAsDouble()).isEqualTo(0.0);
        assertThat(Arrays.stream(inputs).max().getAsDouble()).isEqualTo(1.0);
        long zeros = Arrays.stream(inputs).filter(v -> v == 0).count();
        assertThat((double) zeros / inputs.length).isBetween(0.7, 0.9);
        // Shuffled: the first 100 samples cover every class.
        assertThat(Arrays.stream(train.slice(0, 100).classCounts()).allMatch(c -> c > 0))
                .isTrue();
    }

    /** Runs where Debian's dataset-fashion-mnist package is installed, skipped elsewhere. */
    @Test
    void debianFashionMnistLoads() {
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(fashion), "dataset-fashion-mnist is not installed");

        DatasetPair pair = IdxDatasets.loadDirectory(fashion);

        assertThat(pair.train().size()).isEqualTo(60000);
        assertThat(pair.test().size()).isEqualTo(10000);
        assertThat(pair.train().features()).isEqualTo(784);
        assertThat(pair.train().classes()).isEqualTo(10);
    }

    @Test
    void plainAndGzippedFilesGiveSameData() throws IOException {
        Path plain = Files.createDirectory(dir.resolve("plain"));
        Path gzipped = Files.createDirectory(dir.resolve("gzipped"));
        IdxFiles.writeSmallSet(plain, false);
        IdxFiles.writeSmallSet(gzipped, true);

        DatasetPair fromPlain = IdxDatasets.loadDirectory(plain);
        DatasetPair fromGzipped = IdxDatasets.loadDirectory(gzipped);

        assertThat(fromPlain.train().inputs()).isEqualTo(fromGzipped.train().inputs());
        assertThat(fromPlain.test().labels()).isEqualTo(fromGzipped.test().labels());
        Dataset train = fromPlain.train();
        assertThat(train.size()).isEqualTo(5);
        assertThat(train.features()).isEqualTo(12);
        assertThat(train.classes()).isEqualTo(4);
        assertThat(train.labels()).containsExactly(0, 1, 2, 3, 1);
        assertThat(train.input(2)[5]).isEqualTo(7 / 255.0);
        assertThat(fromPlain.test().classes()).isEqualTo(4);
    }

    @Test
    void gzipIsDetectedByContentNotName() {
        IdxFiles.write(dir, "images.idx", IdxFiles.gzip(IdxFiles.patternImages(2, 2, 2)));
        IdxFiles.write(dir, "labels.gz", IdxFiles.labels(1, 0));

        Dataset data = IdxDatasets.load(dir.resolve("images.idx"), dir.resolve("labels.gz"));

        assertThat(data.size()).isEqualTo(2);
        assertThat(data.input(1)).containsExactly(1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0);
        assertThat(data.classes()).isEqualTo(2);
    }

    @Test
    void dottedFileNamesAreAccepted() {
        IdxFiles.write(dir, "train-images.idx3-ubyte", IdxFiles.patternImages(2, 2, 2));
        IdxFiles.write(dir, "train-labels.idx1-ubyte", IdxFiles.labels(0, 1));
        IdxFiles.write(dir, "t10k-images.idx3-ubyte.gz",
                IdxFiles.gzip(IdxFiles.patternImages(1, 2, 2)));
        IdxFiles.write(dir, "t10k-labels.idx1-ubyte", IdxFiles.labels(1));

        DatasetPair pair = IdxDatasets.loadDirectory(dir);

        assertThat(pair.train().size()).isEqualTo(2);
        assertThat(pair.test().size()).isEqualTo(1);
    }

    @Test
    void colourImagesBecomeChannelPlanes() {
        // Two 2x2 RGB images stored as NumPy stores (N, H, W, C): pixel p of image i has
        // channels (10i + p, 100 + p, 200 + p).
        ByteBuffer buffer = ByteBuffer.allocate(20 + 24);
        buffer.putInt(0x00000804).putInt(2).putInt(2).putInt(2).putInt(3);
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < 4; p++) {
                buffer.put((byte) (10 * i + p)).put((byte) (100 + p)).put((byte) (200 + p));
            }
        }
        Path images = IdxFiles.write(dir, "images", buffer.array());
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(1, 0));

        Dataset data = IdxDatasets.load(images, labels);

        assertThat(data.features()).isEqualTo(12);
        double[] second = Arrays.copyOfRange(data.inputs(), 12, 24);
        assertThat(second).containsExactly(10 / 255.0, 11 / 255.0, 12 / 255.0, 13 / 255.0,
                100 / 255.0, 101 / 255.0, 102 / 255.0, 103 / 255.0,
                200 / 255.0, 201 / 255.0, 202 / 255.0, 203 / 255.0);
    }

    @Test
    void colourAndGreyImagesDoNotMix() {
        IdxFiles.writeSmallSet(dir, false);
        ByteBuffer buffer = ByteBuffer.allocate(20 + 3 * 4 * 3 * 3);
        buffer.putInt(0x00000804).putInt(3).putInt(4).putInt(3).putInt(3);
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", buffer.array());

        assertThatThrownBy(() -> IdxDatasets.loadDirectory(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("are 4x3 pixels but test images in")
                .hasMessageContaining("are 4x3x3");
    }

    @Test
    void explicitClassCountIsKept() {
        Path images = IdxFiles.write(dir, "images", IdxFiles.patternImages(2, 2, 2));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(1, 0));

        assertThat(IdxDatasets.load(images, labels, 10).classes()).isEqualTo(10);
    }

    @Test
    void missingDirectoryIsReported() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> IdxDatasets.loadDirectory(missing))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("train-images-idx3-ubyte");
    }

    @Test
    void fileInsteadOfDirectoryIsReported() {
        Path file = IdxFiles.write(dir, "file", new byte[1]);

        assertThatThrownBy(() -> IdxDatasets.loadDirectory(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void missingFileListsNamesLookedFor() throws IOException {
        IdxFiles.writeSmallSet(dir, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> IdxDatasets.loadDirectory(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("No test labels file in " + dir)
                .hasMessageContaining("t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz,"
                        + " t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz");
    }

    @Test
    void wrongMagicNumberIsReported() {
        byte[] content = IdxFiles.patternImages(2, 2, 2);
        content[2] = 0x0d;
        Path images = IdxFiles.write(dir, "images", content);
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0, 1));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images + " is not an IDX image file")
                .hasMessageContaining("magic number 0x00000D03, expected 0x00000803");
    }

    @Test
    void swappedFilesAreReported() {
        Path images = IdxFiles.write(dir, "images", IdxFiles.patternImages(2, 2, 2));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0, 1));

        assertThatThrownBy(() -> IdxDatasets.load(labels, images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("It is an IDX label file")
                .hasMessageContaining("swapped");
    }

    @Test
    void truncatedImagesAreReported() {
        byte[] complete = IdxFiles.patternImages(3, 4, 4);
        Path images = IdxFiles.write(dir, "images", Arrays.copyOf(complete, complete.length - 5));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0, 1, 2));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images + " is truncated")
                .hasMessageContaining("3 images of 4x4 = 48 bytes, found 43 bytes");
    }

    @Test
    void truncatedGzipIsReported() {
        byte[] gzipped = IdxFiles.gzip(IdxFiles.patternImages(50, 10, 10));
        Path images = IdxFiles.write(dir, "images",
                Arrays.copyOf(gzipped, gzipped.length / 2));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images + " is truncated")
                .hasMessageContaining("Download the file again");
    }

    @Test
    void hugeDeclaredCountIsReportedAsTruncated() {
        Path images = IdxFiles.write(dir, "images",
                IdxFiles.images(100_000, 100, 100, new byte[10]));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("100000 images of 100x100 = 1000000000 bytes,"
                        + " found 10 bytes");
    }

    @Test
    void truncatedLabelsAreReported() {
        byte[] complete = IdxFiles.labels(0, 1, 2, 3);
        Path images = IdxFiles.write(dir, "images", IdxFiles.patternImages(4, 2, 2));
        Path labels = IdxFiles.write(dir, "labels", Arrays.copyOf(complete, complete.length - 1));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("4 labels = 4 bytes, found 3 bytes");
    }

    @Test
    void truncatedHeaderIsReported() {
        Path images = IdxFiles.write(dir, "images", new byte[] {0, 0, 8, 3, 0, 0});
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("found 6 bytes, an IDX image header needs 16");
    }

    @Test
    void countMismatchIsReported() {
        Path images = IdxFiles.write(dir, "images", IdxFiles.patternImages(3, 2, 2));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0, 1));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images + " contains 3 images but " + labels
                        + " contains 2 labels");
    }

    @Test
    void labelBeyondGivenClassesIsReported() {
        Path images = IdxFiles.write(dir, "images", IdxFiles.patternImages(3, 2, 2));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0, 9, 12));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels, 10))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("label 12 at index 2 is out of range 0 to 9");
    }

    @Test
    void testLabelBeyondTrainingLabelsIsReported() {
        IdxFiles.writeSmallSet(dir, false);
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(2, 7, 3));

        assertThatThrownBy(() -> IdxDatasets.loadDirectory(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("label 7 at index 1 is out of range")
                .hasMessageContaining("the training labels span 0 to 3");
    }

    @Test
    void differentImageSizesAreReported() {
        IdxFiles.writeSmallSet(dir, false);
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.patternImages(3, 3, 4));

        assertThatThrownBy(() -> IdxDatasets.loadDirectory(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("are 4x3 pixels but test images in")
                .hasMessageContaining("are 3x4");
    }

    @Test
    void invalidGzipIsReported() {
        Path images = IdxFiles.write(dir, "images",
                new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("Download the file again");
    }

    @Test
    void invalidHeaderSizesAreReported() {
        Path images = IdxFiles.write(dir, "images", IdxFiles.images(1, 0, 5, new byte[0]));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(0));

        assertThatThrownBy(() -> IdxDatasets.load(images, labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("invalid IDX header: 1 images of 0x5 pixels");
    }
}
