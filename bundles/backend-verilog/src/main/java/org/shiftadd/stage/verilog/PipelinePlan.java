package org.shiftadd.stage.verilog;

import java.util.List;
import org.shiftadd.stage.verilog.IntegerNetwork.Node;
import org.shiftadd.stage.verilog.IntegerNetwork.Operand;

/**
 * The placement of register stages in a network: one stage after every D adder levels.
 *
 * <p>A node of level L ≥ 1 is computed in stage ⌊(L − 1) / D⌋, inputs in stage 0. A value read
 * in a later stage than its own passes through one register per stage boundary it crosses.
 * The outputs are read in the last stage, so the latency is that stage's index in clock
 * cycles. D = 0 means no registers: everything is stage 0.
 */
public final class PipelinePlan {
    private final int levelsPerStage;
    private final int[] stage;
    private final int[] lastUse;
    private final int lastStage;

    /**
     * Plans the registers of {@code network}.
     *
     * @param network the network
     * @param levelsPerStage D, 0 for a purely combinational network
     */
    public PipelinePlan(IntegerNetwork network, int levelsPerStage) {
        if (levelsPerStage < 0) {
            throw new IllegalArgumentException("levels per register stage must be >= 0, found "
                    + levelsPerStage);
        }
        this.levelsPerStage = levelsPerStage;
        List<Node> nodes = network.nodes();
        stage = new int[nodes.size()];
        lastUse = new int[nodes.size()];
        for (int n = 0; n < nodes.size(); n++) {
            stage[n] = stageOfLevel(nodes.get(n).level());
            lastUse[n] = stage[n];
        }
        lastStage = stageOfLevel(network.depth());
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            markUse(node.left(), stage[n]);
            markUse(node.right(), stage[n]);
        }
        for (int i = 0; i < network.outputCount(); i++) {
            markUse(network.output(i), lastStage);
        }
    }

    private int stageOfLevel(int level) {
        return levelsPerStage == 0 || level == 0 ? 0 : (level - 1) / levelsPerStage;
    }

    private void markUse(Operand operand, int readerStage) {
        if (operand != null) {
            lastUse[operand.source()] = Math.max(lastUse[operand.source()], readerStage);
        }
    }

    /** Returns D, 0 when there are no registers. */
    public int levelsPerStage() {
        return levelsPerStage;
    }

    /** Returns the stage that computes node {@code n}. */
    public int stage(int n) {
        return stage[n];
    }

    /** Returns the last stage that reads node {@code n}, its own stage if none later does. */
    public int lastUse(int n) {
        return lastUse[n];
    }

    /** Returns the latency in clock cycles: the index of the last stage. */
    public int latency() {
        return lastStage;
    }

    /** Returns the register bits: each node's width once per stage boundary it crosses. */
    public long registerBits(IntegerNetwork network) {
        long bits = 0;
        for (int n = 0; n < stage.length; n++) {
            bits += (long) (lastUse[n] - stage[n]) * network.nodes().get(n).width();
        }
        return bits;
    }
}
