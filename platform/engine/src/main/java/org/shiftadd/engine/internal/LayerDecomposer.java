package org.shiftadd.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.bus.Provenance;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.numerics.StageParameters;
import org.shiftadd.numerics.lcc.LccBlocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the decomposition requests of a run's layers to a decomposer stage.
 *
 * <p>In a cluster of several nodes, a layer for {@code lcc-fs} or {@code lcc-fp} is cut into
 * blocks of whole slices, {@value #BLOCKS_PER_NODE} per node, and every block travels as a
 * request of its own, so that the slices of one layer run on several nodes. Each block gets
 * the whole matrix's target as an SQNR, because a bit-width target means the SQNR of the
 * whole matrix's quantization. The replies are joined into the layer's decomposition
 * ({@link LccBlocks#join}), which equals the decomposition of the whole matrix in one request.
 * A stage whose replies cannot be joined gets the whole matrix instead. In one process, and
 * for every other stage, each layer is one request.
 */
final class LayerDecomposer {
    /** The stages whose slices are decomposed independently of each other. */
    static final Set<String> SLICED_STAGES = Set.of("lcc-fs", "lcc-fp");
    /** Blocks per cluster node for one layer, so that a slow block does not hold up a node. */
    static final int BLOCKS_PER_NODE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(LayerDecomposer.class);

    private final StageClient client;
    private final IntSupplier clusterNodes;

    /**
     * Creates the decomposer.
     *
     * @param client the event-bus client
     * @param clusterNodes the number of cluster members, 1 without a cluster; asked once per
     *     batch of layers
     */
    LayerDecomposer(StageClient client, IntSupplier clusterNodes) {
        this.client = client;
        this.clusterNodes = clusterNodes;
    }

    /** Returns the event-bus client, for requests to other stage kinds. */
    StageClient client() {
        return client;
    }

    /**
     * Decomposes one matrix.
     *
     * @param stage the decomposer name
     * @param request the request
     * @return the reply; for a matrix cut into blocks, the joined reply
     * @throws org.shiftadd.engine.bus.StageException if a request failed
     */
    StageReply decompose(String stage, StageRequest.Decompose request) {
        return decomposeAll(stage, List.of(request), (index, reply) -> { }).get(0);
    }

    /**
     * Decomposes independent matrices with one request per core and cluster node in flight.
     *
     * @param stage the decomposer name
     * @param requests one request per layer
     * @param onReply called with the index and reply of each layer, in layer order
     * @return the replies, in layer order. A layer cut into blocks gets the joined reply,
     *     whose provenance lists every node that decomposed a block, separated by ", "
     * @throws org.shiftadd.engine.bus.StageException if a request failed
     */
    List<StageReply> decomposeAll(String stage, List<StageRequest.Decompose> requests,
            BiConsumer<Integer, StageReply> onReply) {
        int nodes = Math.max(1, clusterNodes.getAsInt());
        List<Layer> layers = new ArrayList<>(requests.size());
        List<StageRequest.Decompose> sent = new ArrayList<>();
        for (StageRequest.Decompose request : requests) {
            Layer layer = plan(stage, request, nodes);
            layers.add(layer);
            sent.addAll(layer.parts());
        }
        int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors()) * nodes;
        List<StageReply> results = new ArrayList<>(requests.size());
        List<StageReply> pending = new ArrayList<>();
        client.awaitAll(StageKind.DECOMPOSER, stage, sent, parallelism, (index, reply) -> {
            pending.add(reply);
            Layer layer = layers.get(results.size());
            if (pending.size() == layer.parts().size()) {
                StageReply joined = layer.blocks().isEmpty()
                        ? reply : join(stage, layer, pending);
                pending.clear();
                results.add(joined);
                onReply.accept(results.size() - 1, joined);
            }
        });
        return results;
    }

    /** One layer's request, and the blocks it was cut into (none when sent whole). */
    private record Layer(StageRequest.Decompose request, List<LccBlocks.Block> blocks,
            List<StageRequest.Decompose> parts) {
    }

    private static Layer plan(String stage, StageRequest.Decompose request, int nodes) {
        Matrix matrix = request.matrix();
        Layer whole = new Layer(request, List.of(), List.of(request));
        if (nodes < 2 || !SLICED_STAGES.contains(stage)
                || LccBlocks.sliceCount(matrix.rows(), matrix.cols()) < 2) {
            return whole;
        }
        double targetDb;
        try {
            targetDb = StageParameters.targetSqnrDb(matrix, request.target());
        } catch (IllegalArgumentException e) {
            // The stage reports the problem with the whole matrix.
            return whole;
        }
        if (!Double.isFinite(targetDb)) {
            return whole;
        }
        PrecisionTarget target = PrecisionTarget.ofSqnrDb(targetDb);
        List<LccBlocks.Block> blocks =
                LccBlocks.blocks(matrix.rows(), matrix.cols(), nodes * BLOCKS_PER_NODE);
        List<StageRequest.Decompose> parts = new ArrayList<>(blocks.size());
        for (LccBlocks.Block block : blocks) {
            parts.add(new StageRequest.Decompose(block.of(matrix), target,
                    request.parameters()));
        }
        return new Layer(request, blocks, parts);
    }

    private StageReply join(String stage, Layer layer, List<StageReply> replies) {
        Matrix matrix = layer.request().matrix();
        Decomposition joined;
        try {
            List<Decomposition> parts = new ArrayList<>(replies.size());
            for (StageReply reply : replies) {
                if (!(reply.result() instanceof Decomposition decomposition)) {
                    throw new IllegalArgumentException("a reply contains a "
                            + reply.result().getClass().getSimpleName()
                            + ", not a decomposition");
                }
                parts.add(decomposition);
            }
            joined = LccBlocks.join(matrix, layer.blocks(), parts);
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot join the {} blocks of a {}x{} matrix from {} ({}); sending the"
                    + " whole matrix in one request", replies.size(), matrix.rows(),
                    matrix.cols(), stage, e.getMessage());
            return client.await(StageKind.DECOMPOSER, stage, layer.request());
        }
        Set<String> bundles = new LinkedHashSet<>();
        Set<String> versions = new LinkedHashSet<>();
        Set<String> nodes = new LinkedHashSet<>();
        double seconds = 0;
        for (StageReply reply : replies) {
            bundles.add(reply.provenance().bundle());
            versions.add(reply.provenance().version());
            nodes.add(reply.provenance().node());
            seconds += reply.seconds();
        }
        Provenance first = replies.get(0).provenance();
        Provenance provenance = new Provenance(first.kind(), first.stage(),
                String.join(", ", bundles), String.join(", ", versions),
                String.join(", ", nodes));
        return new StageReply(joined, provenance, seconds);
    }
}
