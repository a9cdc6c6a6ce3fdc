package org.shiftadd.nn.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Loads RGB image classification data from folders, one folder per class, as ImageNet-style
 * data sets ship.
 *
 * <p>{@code DIR/train/<class>/...} contains the training images. Class names are the folder
 * names, and labels follow their sorted order. Images may sit in subfolders of a class folder
 * (TinyImageNet keeps them in {@code train/<class>/images}). The test images are in
 * {@code DIR/test} or, failing that, {@code DIR/val}, either in class folders or, as in
 * TinyImageNet, in {@code images/} with a tab-separated {@code val_annotations.txt} whose
 * first two columns are the file name and the class. PNG, JPEG, BMP and GIF files are read;
 * every image must have the size of the first one. Grey images are read as RGB, and pixels
 * are scaled to [0, 1] in CHW order: the red, green and blue planes one after another.
 */
public final class ImageFolders {
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final String ANNOTATIONS = "val_annotations.txt";

    private ImageFolders() {
    }

    /**
     * Loads the training and test images of a data set directory.
     *
     * @param directory the directory with {@code train} and {@code test} or {@code val}
     * @return the training and test sets, 3 x height x width features each
     * @throws DatasetException if a folder is missing, a file is not a readable image, the
     *     sizes differ or a test image names a class without a training folder
     */
    public static DatasetPair loadDirectory(Path directory) {
        Path train = directory.resolve("train");
        if (!Files.isDirectory(train)) {
            throw new DatasetException(directory + " has no train folder; put the training"
                    + " images in train/<class>/ with one folder per class");
        }
        Path test = Files.isDirectory(directory.resolve("test")) ? directory.resolve("test")
                : directory.resolve("val");
        if (!Files.isDirectory(test)) {
            throw new DatasetException(directory + " has neither a test nor a val folder; put"
                    + " the test images in test/<class>/");
        }
        List<String> classes = subfolders(train);
        if (classes.isEmpty()) {
            throw new DatasetException(train + " has no class folders; put the images of each"
                    + " class in a folder named after it");
        }
        Map<String, Integer> labels = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            labels.put(classes.get(c), c);
        }
        List<Sample> trainSamples = inClassFolders(train, classes, labels, true);
        List<Sample> testSamples = Files.isRegularFile(test.resolve(ANNOTATIONS))
                ? annotated(test, labels) : inClassFolders(test, subfolders(test), labels, false);
        int[] size = size(trainSamples.get(0).file());
        return new DatasetPair(read(trainSamples, size, classes.size()),
                read(testSamples, size, classes.size()));
    }

    private record Sample(Path file, int label) {
    }

    private static List<String> subfolders(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("failed to list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<Sample> inClassFolders(Path directory, List<String> folders,
            Map<String, Integer> labels, boolean training) {
        List<Sample> samples = new ArrayList<>();
        for (String folder : folders) {
            Integer label = labels.get(folder);
            if (label == null) {
                throw new DatasetException(directory.resolve(folder) + " is a class that the"
                        + " training images lack; the training classes are "
                        + labels.keySet().stream().sorted().toList());
            }
            int before = samples.size();
            try (Stream<Path> files = Files.walk(directory.resolve(folder))) {
                files.filter(ImageFolders::isImage).sorted()
                        .forEach(file -> samples.add(new Sample(file, label)));
            } catch (IOException | UncheckedIOException e) {
                throw new DatasetException("failed to list " + directory.resolve(folder) + ": "
                        + e.getMessage(), e);
            }
            if (training && samples.size() == before) {
                throw new DatasetException(directory.resolve(folder) + " contains no PNG, JPEG,"
                        + " BMP or GIF images, but every training folder is a class; add images"
                        + " or remove the folder");
            }
        }
        if (samples.isEmpty()) {
            throw new DatasetException(directory + " contains no PNG, JPEG, BMP or GIF images");
        }
        return samples;
    }

    /** Reads a TinyImageNet-style validation folder: images/ plus val_annotations.txt. */
    private static List<Sample> annotated(Path directory, Map<String, Integer> labels) {
        Path annotations = directory.resolve(ANNOTATIONS);
        List<Sample> samples = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(annotations);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) {
                    continue;
                }
                String[] columns = lines.get(n).split("\t");
                String where = annotations + " line " + (n + 1);
                if (columns.length < 2) {
                    throw new DatasetException(where + ": expected a file name and a class"
                            + " separated by a tab, found '" + lines.get(n) + "'");
                }
                Integer label = labels.get(columns[1]);
                if (label == null) {
                    throw new DatasetException(where + ": class '" + columns[1] + "' has no"
                            + " training folder; the training classes are "
                            + labels.keySet().stream().sorted().toList());
                }
                Path file = directory.resolve("images").resolve(columns[0]);
                if (!Files.isRegularFile(file)) {
                    throw new DatasetException(where + ": image " + file + " not found");
                }
                samples.add(new Sample(file, label));
            }
        } catch (IOException e) {
            throw new DatasetException("failed to read " + annotations + ": " + e.getMessage(),
                    e);
        }
        if (samples.isEmpty()) {
            throw new DatasetException(annotations + " lists no images");
        }
        return samples;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(file) && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    private static BufferedImage image(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new DatasetException(file + " is not a readable PNG, JPEG, BMP or GIF"
                        + " image; remove it or convert it");
            }
            return image;
        } catch (IOException e) {
            throw new DatasetException("failed to read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int[] size(Path file) {
        BufferedImage image = image(file);
        return new int[] {image.getHeight(), image.getWidth()};
    }

    private static Dataset read(List<Sample> samples, int[] size, int classes) {
        int height = size[0];
        int width = size[1];
        int positions = height * width;
        int features = 3 * positions;
        long values = (long) samples.size() * features;
        if (values > Integer.MAX_VALUE - 16) {
            throw new DatasetException(samples.size() + " images of " + height + "x" + width
                    + " RGB pixels need " + values + " values, more than one array holds;"
                    + " use fewer images");
        }
        double[] inputs = new double[(int) values];
        int[] labels = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            BufferedImage image = image(sample.file());
            if (image.getHeight() != height || image.getWidth() != width) {
                throw new DatasetException(sample.file() + " is " + image.getWidth() + "x"
                        + image.getHeight() + " pixels, but the first training image is "
                        + width + "x" + height + "; resize the images to one size");
            }
            int base = i * features;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = image.getRGB(x, y);
                    int position = y * width + x;
                    inputs[base + position] = ((rgb >> 16) & 0xff) / 255.0;
                    inputs[base + positions + position] = ((rgb >> 8) & 0xff) / 255.0;
                    inputs[base + 2 * positions + position] = (rgb & 0xff) / 255.0;
                }
            }
            labels[i] = sample.label();
        }
        return Dataset.of(inputs, labels, features, classes);
    }
}
