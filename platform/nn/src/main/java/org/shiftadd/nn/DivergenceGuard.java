package org.shiftadd.nn;

import java.util.Objects;
import org.shiftadd.nn.data.Dataset;

/**
 * A {@link TrainingListener} that stops training which has diverged although every number
 * stayed finite, by throwing a {@link TrainingDivergedException} from
 * {@link #epochFinished}. The {@link Trainer} itself stops on a NaN or infinite loss or
 * weight.
 *
 * <p>An epoch has diverged when its mean training loss is not finite or exceeds
 * {@code factor} times a reference: the mean loss of the first epoch and, when one is
 * given, the loss before training, which then also floors the first reference. The first reference alone misses a blow-up inside the
 * first epoch. On the built-in digits, a 784-300-10 network (He normal, seed 1) trained with
 * learning rate 50, momentum 0.8 and batch 64 had mean loss 7.9e8 in epoch 1. In epochs 2
 * to 4 it had about 53, against 2.4 before training, at chance accuracy. A group-lasso step
 * after every update behaves alike and leaves zero columns that look like pruning.
 * {@link #forTraining} sets the second reference.
 *
 * <p>Every epoch is passed on to the next listener first, so the epoch that diverged is
 * still reported.
 */
public final class DivergenceGuard implements TrainingListener {
    /** Default factor over the reference loss above which training has diverged. */
    public static final double DEFAULT_FACTOR = 100;

    private final TrainingListener next;
    private final double factor;
    private final double lossBeforeTraining;
    private double firstEpochLoss = Double.NaN;

    /**
     * Creates a guard with factor {@value #DEFAULT_FACTOR} and a reference of the first
     * epoch's loss only.
     *
     * @param next receives every epoch before the check
     */
    public DivergenceGuard(TrainingListener next) {
        this(next, DEFAULT_FACTOR, Double.NaN);
    }

    /**
     * Creates a guard with a reference of the first epoch's loss only.
     *
     * @param next receives every epoch before the check
     * @param factor the allowed growth of the loss, greater than 1
     */
    public DivergenceGuard(TrainingListener next, double factor) {
        this(next, factor, Double.NaN);
    }

    /**
     * Creates a guard.
     *
     * @param next receives every epoch before the check
     * @param factor the allowed growth of the loss, greater than 1
     * @param lossBeforeTraining a reference loss for every epoch, the first included; NaN
     *     for none
     * @throws IllegalArgumentException if the factor is not a finite number greater than 1 or
     *     the reference is negative or infinite
     */
    public DivergenceGuard(TrainingListener next, double factor, double lossBeforeTraining) {
        this.next = Objects.requireNonNull(next, "next");
        if (!(factor > 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("the divergence factor must be a finite number"
                    + " greater than 1, found " + factor);
        }
        if (lossBeforeTraining < 0 || Double.isInfinite(lossBeforeTraining)) {
            throw new IllegalArgumentException("the loss before training must be finite and"
                    + " at least 0, or NaN for none, found " + lossBeforeTraining);
        }
        this.factor = factor;
        this.lossBeforeTraining = lossBeforeTraining;
    }

    /**
     * Creates a guard with factor {@value #DEFAULT_FACTOR} whose second reference is the
     * network's mean loss on the training set before training, but at least
     * {@code ln(outputSize)}, the loss of a uniform prediction. The floor keeps a network
     * that fits its training set almost perfectly, with a loss near 0, from counting as
     * diverged when the penalty raises its loss to a still useful value.
     *
     * @param network the network about to be trained; not modified
     * @param train the training set
     * @param next receives every epoch before the check
     * @return the guard
     */
    public static DivergenceGuard forTraining(DenseNetwork network, Dataset train,
            TrainingListener next) {
        double uniform = Math.log(network.outputSize());
        double before = network.meanLoss(train);
        double reference = Double.isFinite(before) ? Math.max(before, uniform) : uniform;
        return new DivergenceGuard(next, DEFAULT_FACTOR, reference);
    }

    /**
     * Passes the epoch on, then checks its loss.
     *
     * @throws TrainingDivergedException if the loss is not finite or above the limit
     */
    @Override
    public void epochFinished(EpochProgress progress) {
        next.epochFinished(progress);
        double loss = progress.meanLoss();
        if (!Double.isFinite(loss)) {
            throw diverged(progress, "the mean training loss is " + loss);
        }
        if (Double.isNaN(firstEpochLoss)) {
            firstEpochLoss = loss;
        }
        // A network that already fits its data has a first-epoch loss near 0, so the loss
        // before training (at least that of a uniform prediction) floors that reference.
        double firstReference = Double.isNaN(lossBeforeTraining) ? firstEpochLoss
                : Math.max(firstEpochLoss, lossBeforeTraining);
        if (loss > factor * firstReference) {
            throw diverged(progress, "the mean training loss " + loss + " is more than "
                    + factor + " times that of the first epoch, " + firstEpochLoss);
        }
        if (loss > factor * lossBeforeTraining) {
            throw diverged(progress, "the mean training loss " + loss + " is more than "
                    + factor + " times the loss before training, " + lossBeforeTraining);
        }
    }

    private static TrainingDivergedException diverged(EpochProgress progress, String problem) {
        return new TrainingDivergedException("Training diverged in epoch " + progress.epoch()
                + ": " + problem + ". Lower the learning rate or the regularization strength.");
    }
}
