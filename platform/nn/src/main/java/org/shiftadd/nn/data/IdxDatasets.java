package org.shiftadd.nn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads image classification data sets stored as IDX files, the format of MNIST and
 * Fashion-MNIST.
 *
 * <p>Files may be gzip-compressed or not: the reader checks the gzip magic bytes, not the
 * file name. Pixels are unsigned bytes and become inputs {@code pixel / 255.0}.
 */
public final class IdxDatasets {
    /** Base names of the four files of a data set directory, as MNIST distributes them. */
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private IdxDatasets() {
    }

    /**
     * Loads the training and test sets of a directory laid out like MNIST.
     *
     * <p>The directory must contain {@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
     * {@code t10k-labels-idx1-ubyte}, each optionally ending in {@code .gz}. The variant with
     * a dot before {@code idx}, such as {@code train-images.idx3-ubyte}, is accepted too.
     * This covers the files of the MNIST web site, of Fashion-MNIST and of Debian's
     * {@code dataset-fashion-mnist} package in {@code /usr/share/datasets/fashion-mnist}.
     *
     * <p>The number of classes is the largest training label plus 1, and every test label
     * must be below it.
     *
     * @param directory the directory to read
     * @return the training set and the test set
     * @throws DatasetException if the directory or a file is missing or invalid, or the
     *     files do not belong together
     */
    public static DatasetPair loadDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            String problem = Files.exists(directory) ? " is not a directory" : " does not exist";
            throw new DatasetException("Data set directory " + directory + problem
                    + ". Pass a directory that contains " + TRAIN_IMAGES + ", " + TRAIN_LABELS
                    + ", " + TEST_IMAGES + " and " + TEST_LABELS + ", each optionally gzipped"
                    + " (.gz).");
        }
        Path trainImagesFile = find(directory, TRAIN_IMAGES, "training images");
        Path trainLabelsFile = find(directory, TRAIN_LABELS, "training labels");
        Path testImagesFile = find(directory, TEST_IMAGES, "test images");
        Path testLabelsFile = find(directory, TEST_LABELS, "test labels");

        IdxFile.Images trainImages = IdxFile.readImages(trainImagesFile);
        IdxFile.Images testImages = IdxFile.readImages(testImagesFile);
        checkSameImageSize(trainImages, testImages);
        IdxFile.Labels trainLabels = IdxFile.readLabels(trainLabelsFile);
        IdxFile.Labels testLabels = IdxFile.readLabels(testLabelsFile);

        int classes = maxLabel(trainLabels) + 1;
        Dataset train = toDataset(trainImages, trainLabels, classes, true);
        Dataset test = toDataset(testImages, testLabels, classes, true);
        return new DatasetPair(train, test);
    }

    /**
     * Loads one image file and its label file. The number of classes is the largest label
     * plus 1.
     *
     * @param imagesFile IDX file of unsigned-byte images, magic number {@code 0x00000803}
     * @param labelsFile IDX file of unsigned-byte labels, magic number {@code 0x00000801}
     * @return the data set
     * @throws DatasetException if a file is missing or invalid or the counts differ
     */
    public static Dataset load(Path imagesFile, Path labelsFile) {
        IdxFile.Images images = IdxFile.readImages(imagesFile);
        IdxFile.Labels labels = IdxFile.readLabels(labelsFile);
        return toDataset(images, labels, maxLabel(labels) + 1, false);
    }

    /**
     * Loads one image file and its label file with a known number of classes.
     *
     * @param imagesFile IDX file of unsigned-byte images, magic number {@code 0x00000803}
     * @param labelsFile IDX file of unsigned-byte labels, magic number {@code 0x00000801}
     * @param classes number of classes, from 1 to 256; every label must be below it
     * @return the data set
     * @throws DatasetException if a file is missing or invalid, the counts differ or a label
     *     is out of range
     */
    public static Dataset load(Path imagesFile, Path labelsFile, int classes) {
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("classes must be 1 to 256, found " + classes);
        }
        IdxFile.Images images = IdxFile.readImages(imagesFile);
        IdxFile.Labels labels = IdxFile.readLabels(labelsFile);
        return toDataset(images, labels, classes, false);
    }

    /** Returns the first existing file among the accepted names for one base name. */
    private static Path find(Path directory, String baseName, String description) {
        List<String> names = candidateNames(baseName);
        for (String name : names) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new DatasetException("No " + description + " file in " + directory
                + ": looked for " + String.join(", ", names) + ". Put the file there under"
                + " one of these names.");
    }

    private static List<String> candidateNames(String baseName) {
        String dotted = baseName.replace("-idx", ".idx");
        List<String> names = new ArrayList<>();
        names.add(baseName);
        names.add(baseName + ".gz");
        names.add(dotted);
        names.add(dotted + ".gz");
        return names;
    }

    private static void checkSameImageSize(IdxFile.Images train, IdxFile.Images test) {
        if (train.rows() != test.rows() || train.cols() != test.cols()
                || train.channels() != test.channels()) {
            throw new DatasetException("Training images in " + train.file() + " are "
                    + size(train) + " pixels but test images in " + test.file() + " are "
                    + size(test) + ". Use training and test files of the same data set.");
        }
    }

    /** Returns rows x columns, followed by x channels for colour images. */
    private static String size(IdxFile.Images images) {
        return images.rows() + "x" + images.cols()
                + (images.channels() == 1 ? "" : "x" + images.channels());
    }

    private static int maxLabel(IdxFile.Labels labels) {
        int max = 0;
        for (int label : labels.labels()) {
            max = Math.max(max, label);
        }
        return max;
    }

    /**
     * Pairs images with labels and scales the pixels.
     *
     * @param classesFromTraining whether {@code classes} is the largest training label plus
     *     1, which changes the advice in the out-of-range message
     */
    private static Dataset toDataset(IdxFile.Images images, IdxFile.Labels labels,
            int classes, boolean classesFromTraining) {
        int[] values = labels.labels();
        if (images.count() != values.length) {
            throw new DatasetException(images.file() + " contains " + images.count()
                    + " images but " + labels.file() + " contains " + values.length
                    + " labels. Use the image and label files of the same set.");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= classes) {
                throw labelOutOfRange(labels.file(), i, values[i], classes, classesFromTraining);
            }
        }
        byte[] pixels = images.pixels();
        double[] inputs = new double[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            inputs[k] = (pixels[k] & 0xff) / 255.0;
        }
        return new Dataset(inputs, values, images.channels() * images.rows() * images.cols(),
                classes);
    }

    private static DatasetException labelOutOfRange(Path file, int index, int label,
            int classes, boolean classesFromTraining) {
        String range = "0 to " + (classes - 1);
        if (!classesFromTraining) {
            return new DatasetException(file + ": label " + label + " at index " + index
                    + " is out of range " + range + " (" + classes + " classes). Pass the"
                    + " right number of classes or fix the label file.");
        }
        return new DatasetException(file + ": label " + label + " at index " + index
                + " is out of range: the training labels span " + range
                + ", so the test labels must too. Use training and test files of the same"
                + " data set.");
    }
}
