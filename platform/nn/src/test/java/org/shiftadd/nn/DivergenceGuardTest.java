package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.shiftadd.nn.data.Dataset;
import org.shiftadd.nn.data.DatasetPair;
import org.shiftadd.nn.data.IdxDatasets;

class DivergenceGuardTest {
    private static EpochProgress epoch(int number, double loss) {
        return new EpochProgress(number, 10, loss, 0.5, OptionalDouble.empty(), 1000, 1);
    }

    @Test
    void passesEveryEpochOn() {
        List<EpochProgress> seen = new ArrayList<>();
        DivergenceGuard guard = new DivergenceGuard(seen::add);

        guard.epochFinished(epoch(1, 2.0));
        guard.epochFinished(epoch(2, 150.0));

        assertThat(seen).extracting(EpochProgress::epoch).containsExactly(1, 2);
    }

    @Test
    void rejectsLossAboveHundredTimesFirstEpoch() {
        List<EpochProgress> seen = new ArrayList<>();
        DivergenceGuard guard = new DivergenceGuard(seen::add);
        guard.epochFinished(epoch(1, 1.0));
        guard.epochFinished(epoch(2, 100.0));

        assertThatThrownBy(() -> guard.epochFinished(epoch(3, 100.5)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("epoch 3")
                .hasMessageContaining("first epoch");
        assertThat(seen).as("the diverged epoch is still reported").hasSize(3);
    }

    @Test
    void rejectsNonFiniteLoss() {
        DivergenceGuard guard = new DivergenceGuard(TrainingListener.NONE);

        assertThatThrownBy(() -> guard.epochFinished(epoch(1, Double.POSITIVE_INFINITY)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("Infinity");
    }

    @Test
    void rejectsFirstEpochAboveLossBeforeTraining() {
        DivergenceGuard guard = new DivergenceGuard(TrainingListener.NONE, 100, 2.4);

        assertThatThrownBy(() -> guard.epochFinished(epoch(1, 241)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("loss before training");
    }

    @Test
    void rejectsFactorOfOne() {
        assertThatThrownBy(() -> new DivergenceGuard(TrainingListener.NONE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("greater than 1");
    }

    @Test
    void floorKeepsNearPerfectNetworkFromFalseAlarm() {
        Dataset singleSample = Dataset.of(new double[] {1, 0}, new int[] {0}, 2, 2);
        DenseNetwork network = DenseNetwork.create(new int[] {2, 2}, Initialization.HE_NORMAL,
                1);
        network.setBiasInPlace(0, new double[] {30, -30});
        assertThat(network.meanLoss(singleSample)).isLessThan(1e-20);
        DivergenceGuard guard = DivergenceGuard.forTraining(network, singleSample,
                TrainingListener.NONE);

        // 100 ln 2 is about 69.3.
        guard.epochFinished(epoch(1, 69));
        assertThatThrownBy(() -> guard.epochFinished(epoch(2, 70)))
                .isInstanceOf(TrainingDivergedException.class);
    }

    /** A step size far too large: the loss explodes in epoch 1 and later looks normal. */
    @Test
    void stopsBlowUpInsideFirstEpoch() {
        DatasetPair data = IdxDatasets.loadDirectory(Path.of("../../distribution/data/mnist"));
        TrainingConfig config = new TrainingConfig(3, 64, 50, 0.8, 1);
        List<EpochProgress> epochs = new ArrayList<>();
        DenseNetwork unguarded = DenseNetwork.create(new int[] {784, 300, 10},
                Initialization.HE_NORMAL, 1);

        new Trainer(config, new DivergenceGuard(epochs::add), StepHook.NONE)
                .train(unguarded, data.train());

        assertThat(epochs.get(0).meanLoss()).isGreaterThan(1e6);
        assertThat(epochs.get(2).meanLoss()).isLessThan(100);
        DenseNetwork network = DenseNetwork.create(new int[] {784, 300, 10},
                Initialization.HE_NORMAL, 1);
        DivergenceGuard guard = DivergenceGuard.forTraining(network, data.train(),
                TrainingListener.NONE);
        assertThatThrownBy(() -> new Trainer(config, guard, StepHook.NONE)
                .train(network, data.train()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("epoch 1")
                .hasMessageContaining("loss before training");
    }
}
