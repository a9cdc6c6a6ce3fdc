package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;

class LccBlocksTest {
    // 20 rows give slices of K = 4 columns; 50 columns make 13 slices, the last one 2 wide.
    private static final Matrix T = TestMatrices.gaussian(20, 50, 11);

    @Test
    void blocksCoverColumnsInWholeSlices() {
        List<LccBlocks.Block> blocks = LccBlocks.blocks(20, 50, 3);

        assertThat(blocks).containsExactly(new LccBlocks.Block(0, 16),
                new LccBlocks.Block(16, 16), new LccBlocks.Block(32, 18));
        assertThat(LccBlocks.blocks(20, 50, 1)).containsExactly(new LccBlocks.Block(0, 50));
        assertThat(LccBlocks.blocks(20, 50, 100)).hasSize(13)
                .last().isEqualTo(new LccBlocks.Block(48, 2));
        assertThat(LccBlocks.blocks(20, 0, 4)).isEmpty();
        assertThat(LccBlocks.sliceCount(20, 50)).isEqualTo(13);
    }

    @Test
    void blockTakesItsColumns() {
        Matrix part = new LccBlocks.Block(4, 3).of(T);

        assertThat(part.rows()).isEqualTo(20);
        assertThat(part.column(0)).containsExactly(T.column(4));
        assertThat(part.column(2)).containsExactly(T.column(6));
        assertThatThrownBy(() -> new LccBlocks.Block(48, 4).of(T))
                .hasMessageContaining("columns 48 to 51 are outside the 20 x 50 matrix");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 13})
    void fsBlocksJoinToWholeResult(int count) {
        double target = Csd.targetSqnrDb(T, 6);
        assertJoinEqualsWhole(count, (matrix, db) ->
                FullySequentialLcc.decompose(matrix, db, FsOptions.defaults()).toDecomposition(),
                target);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 13})
    void fpBlocksJoinToWholeResult(int count) {
        double target = Csd.targetSqnrDb(T, 5);
        assertJoinEqualsWhole(count, (matrix, db) ->
                FullyParallelLcc.decompose(matrix, db, FpOptions.defaults()).toDecomposition(),
                target);
    }

    @Test
    void joinKeepsSlicesMissingTarget() {
        // An addition limit of 3 per slice leaves every slice short of 40 dB.
        FsOptions limited = FsOptions.defaults().withMaxAdditions(3);
        Decomposition whole = assertJoinEqualsWhole(4, (matrix, db) ->
                FullySequentialLcc.decompose(matrix, db, limited).toDecomposition(), 40);

        assertThat(whole.targetReached()).isFalse();
        assertThat(whole.details()).containsEntry("slicesReachingTarget", 0)
                .containsEntry("maxAdditions", 3);
    }

    private static Decomposition assertJoinEqualsWhole(int count,
            BiFunction<Matrix, Double, Decomposition> decomposer, double target) {
        Decomposition whole = decomposer.apply(T, target);
        List<LccBlocks.Block> blocks = LccBlocks.blocks(T.rows(), T.cols(), count);
        List<Decomposition> parts = new ArrayList<>();
        for (LccBlocks.Block block : blocks) {
            parts.add(decomposer.apply(block.of(T), target));
        }

        Decomposition joined = LccBlocks.join(T, blocks, parts);

        assertThat(blocks).hasSize(count);
        assertThat(joined.approximation()).isEqualTo(whole.approximation());
        assertThat(joined.additions()).isEqualTo(whole.additions());
        assertThat(joined.sqnrDb()).isEqualTo(whole.sqnrDb());
        assertThat(joined.depth()).isEqualTo(whole.depth());
        assertThat(joined.details()).isEqualTo(whole.details());
        assertThat(joined).isEqualTo(whole);
        return whole;
    }

    @Test
    void joinRejectsSplitSlice() {
        List<LccBlocks.Block> blocks = List.of(new LccBlocks.Block(0, 6),
                new LccBlocks.Block(6, 44));
        List<Decomposition> parts = List.of(fs(blocks.get(0)), fs(blocks.get(1)));

        assertThatThrownBy(() -> LccBlocks.join(T, blocks, parts))
                .hasMessage("block 0 has 6 columns, not a whole number of slices of 4");
    }

    @Test
    void joinRejectsMissingColumnsOrParts() {
        List<LccBlocks.Block> blocks = List.of(new LccBlocks.Block(0, 24));
        assertThatThrownBy(() -> LccBlocks.join(T, blocks, List.of(fs(blocks.get(0)))))
                .hasMessage("the blocks end at column 24, but the matrix has 50 columns");
        assertThatThrownBy(() -> LccBlocks.join(T, blocks, List.of()))
                .hasMessageContaining("one decomposition per block, found 1 blocks and 0");
    }

    @Test
    void joinRejectsMissingNetworksOrDetails() {
        List<LccBlocks.Block> blocks = LccBlocks.blocks(20, 50, 2);
        Decomposition first = fs(blocks.get(0));
        Map<String, Object> details = new LinkedHashMap<>(fs(blocks.get(1)).details());
        details.remove("slicesReachingTarget");
        Decomposition second = new Decomposition("lcc-fs", blocks.get(1).of(T), 0, 0, true, 0,
                details);

        assertThatThrownBy(() -> LccBlocks.join(T, blocks, List.of(first, second)))
                .hasMessageContaining("block 1 (columns 24 to 49) has the details");
        details.put(LccNetworkCodec.DETAIL, "none");
        Decomposition third = new Decomposition("lcc-fs", blocks.get(1).of(T), 0, 0, true, 0,
                details);
        assertThatThrownBy(() -> LccBlocks.join(T, blocks, List.of(first, third)))
                .hasMessageContaining("block 1 (columns 24 to 49) has no slice networks");
        Decomposition csd = new Decomposition("lcc-fs", blocks.get(0).of(T), 0, 0, true, 0,
                Map.of("shift", 3));
        assertThatThrownBy(() -> LccBlocks.join(T, blocks, List.of(csd, first)))
                .hasMessageContaining("block 0 (columns 0 to 23) has no slice networks");
    }

    @Test
    void joinRejectsMixedMethodsAndOptions() {
        List<LccBlocks.Block> blocks = LccBlocks.blocks(20, 50, 2);
        Decomposition first = fs(blocks.get(0));
        Decomposition parallel = FullyParallelLcc.decompose(blocks.get(1).of(T), 30,
                FpOptions.defaults()).toDecomposition();
        Decomposition signed = FullySequentialLcc.decompose(blocks.get(1).of(T), 30,
                FsOptions.defaults().withSignNormalised(true)).toDecomposition();

        assertThatThrownBy(() -> LccBlocks.join(T, blocks, List.of(first, parallel)))
                .hasMessageContaining("was decomposed by lcc-fp, block 0 by lcc-fs");
        assertThatThrownBy(() -> LccBlocks.join(T, blocks, List.of(first, signed)))
                .hasMessageContaining("has signNormalised = true, block 0 has false");
    }

    private static Decomposition fs(LccBlocks.Block block) {
        return FullySequentialLcc.decompose(block.of(T), 30, FsOptions.defaults())
                .toDecomposition();
    }
}
