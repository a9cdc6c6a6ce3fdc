package org.shiftadd.engine.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.shiftadd.engine.spec.ExperimentSpec.BaselineSpec;
import org.shiftadd.engine.spec.ExperimentSpec.ModelSpec;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;
import org.shiftadd.engine.spec.ExperimentSpec.TrainSpec;

/**
 * Parses an experiment spec from YAML or JSON and checks its structure, collecting every
 * problem before it throws.
 *
 * <p>Whether a named stage is installed and accepts its parameters is checked by the engine
 * afterwards, because that depends on the running platform.
 */
public final class SpecParser {
    /** Default training epochs. */
    public static final int DEFAULT_EPOCHS = 10;
    /** Default mini-batch size. */
    public static final int DEFAULT_BATCH = 64;
    /** Default SGD learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.05;
    /** Default SGD momentum. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** Default seed. */
    public static final long DEFAULT_SEED = 1;
    /** Default bit width B of the CSD baseline. */
    public static final int DEFAULT_BITS = 8;

    private static final Set<String> TOP_KEYS =
            Set.of("name", "data", "model", "train", "baseline", "stages");
    private static final Map<String, Set<String>> MODEL_KEYS = Map.of(
            "mlp", Set.of("type", "layers"),
            "cnn", Set.of("type", "channels", "convForm", "forms"),
            "resnet34", Set.of("type", "classes", "inputSize", "inputChannels", "convForm",
                    "forms"),
            "onnx", Set.of("type", "onnx", "convForm", "forms"));
    private static final List<String> MODEL_TYPES = List.of("mlp", "cnn", "resnet34", "onnx");
    private static final Set<String> TRAIN_KEYS = Set.of("epochs", "batch", "learningRate",
            "momentum", "seed", "finalEpochs", "finalLearningRate", "shift");
    private static final Set<String> BASELINE_KEYS = Set.of("bits");
    private static final List<String> KINDS =
            List.of("regularizer", "clusterer", "decomposer", "backend");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    /**
     * Parses and checks a spec.
     *
     * @param text the spec text
     * @param source file name or label, used in messages; a name ending in {@code .json} is
     *     read as JSON, anything else as YAML
     * @return the spec with defaults filled in
     * @throws SpecException listing every problem found
     */
    public ExperimentSpec parse(String text, String source) {
        Parsed parsed = parseCollecting(text, source);
        if (!parsed.problems().isEmpty()) {
            throw new SpecException(source, parsed.problems());
        }
        return parsed.spec();
    }

    /**
     * The outcome of parsing without throwing on structural problems.
     *
     * @param spec the spec, or {@code null} when there are problems
     * @param steps the steps that could be read, keyed by field path such as
     *     {@code stages[2]}, so that callers can check them too
     * @param problems every structural problem found
     */
    public record Parsed(ExperimentSpec spec, Map<String, StepSpec> steps,
            List<String> problems) {
    }

    /**
     * Parses a spec and collects structural problems instead of throwing, so that a caller
     * can add its own checks of the steps and report everything at once.
     *
     * @param text the spec text
     * @param source file name or label, as for {@link #parse}
     * @return the spec when valid, the readable steps and the problems
     * @throws SpecException only when the text is not YAML or JSON or not a mapping
     */
    public Parsed parseCollecting(String text, String source) {
        JsonNode root = readTree(text, source);
        List<String> problems = new ArrayList<>();
        if (!(root instanceof ObjectNode)) {
            throw new SpecException(source, List.of("(root): expected a mapping with keys "
                    + sorted(TOP_KEYS) + ", found " + describe(root)));
        }
        unknownKeys(root, "", TOP_KEYS, problems);
        String name = name(root.get("name"), problems);
        String data = data(root.get("data"), problems);
        Map<String, StepSpec> stages = stages(root.get("stages"), problems);
        ModelSpec model = model(root.get("model"), problems);
        if (model != null && !model.isMlp()) {
            stages.forEach((path, step) -> {
                if (step.kind().equals("backend")) {
                    problems.add(path + ": backend steps work on mlp models; a model of type "
                            + model.type() + " takes regularizer, clusterer and decomposer"
                            + " steps");
                } else if (!step.kind().equals("decomposer")) {
                    if ("none".equals(data)) {
                        problems.add(path + ": a " + step.kind() + " step retrains the network"
                                + " and needs data; give 'mnist', 'idx:DIR' or 'images:DIR'"
                                + " instead of 'none', or drop the step");
                    }
                    String key = step.kind().equals("regularizer") ? "lambda" : "preference";
                    if (step.parameters().get(key) instanceof List<?>) {
                        problems.add(path + "." + key + ": sweeps work on mlp models; give one"
                                + " value for a model of type " + model.type());
                    }
                } else if (step.parameters().containsKey("maxAccuracyDrop")) {
                    problems.add(path + ".maxAccuracyDrop: the comparison at equal accuracy"
                            + " works on mlp models; give bits or sqnrDb for a model of type "
                            + model.type());
                }
            });
        }
        if (model != null && "none".equals(data)
                && (model.isMlp() || model.type().equals("cnn"))) {
            problems.add("data: 'none' leaves nothing to train the " + model.type() + " on; give"
                    + " 'mnist', 'idx:DIR' or 'images:DIR' (only resnet34 and onnx models run"
                    + " without data)");
        }
        TrainSpec train = train(root.get("train"), problems);
        BaselineSpec baseline = baseline(root.get("baseline"), problems);
        ExperimentSpec spec = problems.isEmpty() ? new ExperimentSpec(name, data, model, train,
                baseline, new ArrayList<>(stages.values()), text) : null;
        return new Parsed(spec, stages, List.copyOf(problems));
    }

    private JsonNode readTree(String text, String source) {
        ObjectMapper mapper = source.endsWith(".json") ? json : yaml;
        try {
            JsonNode root = mapper.readTree(text);
            return root == null ? mapper.nullNode() : root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": ";
            throw new SpecException(source, List.of("(syntax): " + where
                    + syntaxDetail(e.getOriginalMessage())));
        }
    }

    /**
     * Returns the parser's account of a syntax error without its location lines and text
     * excerpts, such as "while parsing a flow mapping; expected ',' or '}', but got
     * &lt;block end&gt;". SnakeYAML puts the context first and the actual problem on a later
     * line.
     */
    static String syntaxDetail(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        List<String> parts = message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .toList();
        return parts.isEmpty() ? message.strip() : String.join("; ", parts);
    }

    private static String name(JsonNode node, List<String> problems) {
        if (node == null) {
            problems.add("name: missing; give a name such as mnist-mlp (letters, digits, "
                    + ". _ -)");
            return null;
        }
        if (!node.isTextual() || !NAME.matcher(node.asText()).matches()) {
            problems.add("name: must be 1 to 64 letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit, found " + describe(node));
            return null;
        }
        return node.asText();
    }

    private static String data(JsonNode node, List<String> problems) {
        if (node == null) {
            return "mnist";
        }
        String value = node.isTextual() ? node.asText() : "";
        if (value.equals("mnist") || value.equals("none")
                || value.startsWith("idx:") && value.length() > 4
                || value.startsWith("images:") && value.length() > 7) {
            return value;
        }
        problems.add("data: expected 'mnist' (the built-in digits), 'idx:DIR' (a directory of"
                + " MNIST-format files), 'images:DIR' (train/ and test/ folders of image files,"
                + " one folder per class) or 'none', found " + describe(node));
        return null;
    }

    private static ModelSpec model(JsonNode node, List<String> problems) {
        if (node == null) {
            problems.add("model: missing; give for example { type: mlp, layers: [784, 300, 10] }");
            return null;
        }
        if (!node.isObject()) {
            problems.add("model: expected a mapping such as { type: mlp, layers: [784, 300, 10] },"
                    + " found " + describe(node));
            return null;
        }
        JsonNode typeNode = node.get("type");
        String type = typeNode == null && node.has("onnx") ? "onnx"
                : typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        if (type == null || !MODEL_TYPES.contains(type)) {
            problems.add("model.type: expected one of " + MODEL_TYPES + ", found "
                    + describe(typeNode));
            if (node.has("layers")) {
                positiveList(node.get("layers"), "model.layers", 2, "[784, 300, 10]", problems);
            }
            return null;
        }
        unknownKeys(node, "model.", MODEL_KEYS.get(type), problems);
        String convForm = form(node.get("convForm"), "model.convForm", problems);
        Map<String, String> forms = new LinkedHashMap<>();
        JsonNode formNode = node.get("forms");
        if (formNode != null) {
            if (!formNode.isObject()) {
                problems.add("model.forms: expected a mapping from layer names to pk or fk, such as"
                        + " { conv2: fk }, found " + describe(formNode));
            } else {
                formNode.fields().forEachRemaining(entry -> forms.put(entry.getKey(),
                        form(entry.getValue(), "model.forms." + entry.getKey(), problems)));
            }
        }
        return switch (type) {
            case "mlp" -> {
                List<Integer> layers = positiveList(node.get("layers"), "model.layers", 2,
                        "[784, 300, 10]", problems);
                yield layers == null ? null : new ModelSpec("mlp", layers);
            }
            case "cnn" -> {
                List<Integer> channels = positiveList(node.get("channels"), "model.channels", 1,
                        "[8, 16]", problems);
                yield new ModelSpec("cnn", List.of(), channels, 0, 0, 0, null, convForm, forms);
            }
            case "resnet34" -> new ModelSpec("resnet34", List.of(), List.of(),
                    integer(node, "model.", "classes", 200, 1, 1_000_000, problems),
                    integer(node, "model.", "inputSize", 64, 1, 4096, problems),
                    integer(node, "model.", "inputChannels", 3, 1, 4096, problems), null,
                    convForm, forms);
            default -> {
                JsonNode path = node.get("onnx");
                if (path == null || !path.isTextual() || path.asText().isBlank()) {
                    problems.add("model.onnx: expected the path of an ONNX file, found "
                            + describe(path));
                }
                yield new ModelSpec("onnx", List.of(), List.of(), 0, 0, 0,
                        path == null ? null : path.asText(), convForm, forms);
            }
        };
    }

    private static String form(JsonNode node, String path, List<String> problems) {
        if (node == null) {
            return "pk";
        }
        if (!node.isTextual() || !List.of("pk", "fk").contains(node.asText())) {
            problems.add(path + ": expected pk (partial kernel) or fk (full kernel), found "
                    + describe(node));
            return "pk";
        }
        return node.asText();
    }

    private static List<Integer> positiveList(JsonNode list, String path, int minimum,
            String example, List<String> problems) {
        if (list == null || !list.isArray() || list.size() < minimum) {
            problems.add(path + ": expected a list of at least " + minimum + " positive "
                    + (minimum == 1 ? "integer" : "integers") + ", such as " + example
                    + ", found " + describe(list));
            return null;
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode value = list.get(i);
            if (!value.canConvertToExactIntegral() || !value.canConvertToInt()
                    || value.asInt() < 1) {
                problems.add(path + "[" + i + "]: expected a positive integer, found "
                        + describe(value));
            } else {
                values.add(value.asInt());
            }
        }
        return values;
    }

    private static TrainSpec train(JsonNode node, List<String> problems) {
        if (node != null && !node.isObject()) {
            problems.add("train: expected a mapping with keys " + sorted(TRAIN_KEYS)
                    + ", found " + describe(node));
            return null;
        }
        JsonNode settings = node == null ? JsonNodeless.EMPTY : node;
        unknownKeys(settings, "train.", TRAIN_KEYS, problems);
        int epochs = integer(settings, "train.", "epochs", DEFAULT_EPOCHS, 1, 100_000, problems);
        int batch = integer(settings, "train.", "batch", DEFAULT_BATCH, 1, 1_000_000, problems);
        double rate = real(settings, "train.learningRate", "learningRate", DEFAULT_LEARNING_RATE,
                problems);
        if (!(rate > 0 && rate <= 10)) {
            problems.add("train.learningRate: must be in (0, 10], found " + rate);
        }
        double momentum = real(settings, "train.momentum", "momentum", DEFAULT_MOMENTUM,
                problems);
        if (!(momentum >= 0 && momentum < 1)) {
            problems.add("train.momentum: must be in [0, 1), found " + momentum);
        }
        long seed = integer(settings, "train.", "seed", (int) DEFAULT_SEED, Integer.MIN_VALUE,
                Integer.MAX_VALUE, problems);
        int finalEpochs = integer(settings, "train.", "finalEpochs", 0, 0, 100_000, problems);
        double finalRate = real(settings, "train.finalLearningRate", "finalLearningRate",
                rate / 10, problems);
        if (!(finalRate > 0 && finalRate <= 10)) {
            problems.add("train.finalLearningRate: must be in (0, 10], found " + finalRate);
        }
        int shift = integer(settings, "train.", "shift", 0, 0, 64, problems);
        return new TrainSpec(epochs, batch, rate, momentum, seed, finalEpochs, finalRate, shift);
    }

    private static BaselineSpec baseline(JsonNode node, List<String> problems) {
        if (node != null && !node.isObject()) {
            problems.add("baseline: expected a mapping with keys [bits], found "
                    + describe(node));
            return null;
        }
        JsonNode settings = node == null ? JsonNodeless.EMPTY : node;
        unknownKeys(settings, "baseline.", BASELINE_KEYS, problems);
        return new BaselineSpec(integer(settings, "baseline.", "bits", DEFAULT_BITS, 1, 32,
                problems));
    }

    private static Map<String, StepSpec> stages(JsonNode node, List<String> problems) {
        Map<String, StepSpec> steps = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return steps;
        }
        if (!node.isArray()) {
            problems.add("stages: expected a list of steps such as '- decomposer: csd', found "
                    + describe(node));
            return steps;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "stages[" + i + "]";
            StepSpec step = step(node.get(i), path, problems);
            if (step != null) {
                steps.put(path, step);
            }
        }
        return steps;
    }

    private static StepSpec step(JsonNode node, String path, List<String> problems) {
        if (!node.isObject()) {
            problems.add(path + ": expected a mapping with one of " + KINDS
                    + " naming the stage, found " + describe(node));
            return null;
        }
        List<String> kinds = new ArrayList<>();
        node.fieldNames().forEachRemaining(key -> {
            if (KINDS.contains(key)) {
                kinds.add(key);
            }
        });
        if (kinds.size() != 1) {
            String found = kinds.isEmpty() ? "none (keys: " + fieldNames(node) + ")"
                    : kinds.toString();
            problems.add(path + ": expected exactly one of " + KINDS + " naming the stage, found "
                    + found);
            return null;
        }
        String kind = kinds.get(0);
        JsonNode name = node.get(kind);
        if (!name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            problems.add(path + "." + kind + ": expected a stage name such as csd, found "
                    + describe(name));
            return null;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(kind)) {
                parameters.put(field.getKey(), toJava(field.getValue()));
            }
        }
        return new StepSpec(kind, name.asText(), parameters);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int integer(JsonNode node, String prefix, String key, int fallback, int min,
            int max, List<String> problems) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt()
                || value.asInt() < min || value.asInt() > max) {
            problems.add(prefix + key + ": must be an integer in " + min + ".." + max
                    + ", found " + describe(value));
            return fallback;
        }
        return value.asInt();
    }

    private static double real(JsonNode node, String path, String key, double fallback,
            List<String> problems) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.asText());
            } catch (NumberFormatException e) {
                // Reported below.
            }
        }
        problems.add(path + ": must be a number, found " + describe(value));
        return fallback;
    }

    private static void unknownKeys(JsonNode node, String prefix, Set<String> allowed,
            List<String> problems) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add(prefix + key + ": unknown key; allowed keys are " + sorted(allowed));
            }
        });
    }

    private static Object toJava(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.asInt() : (Object) node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(toJava(element)));
            return List.copyOf(list);
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        return "";
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        return node.toString();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    /** Stands in for an absent optional section. */
    private static final class JsonNodeless {
        static final JsonNode EMPTY = new ObjectMapper().createObjectNode();
    }
}
