/**
 * Measures of a trained model and of its text, one small class per measure, each pure (numbers or
 * strings in, a number out) so it can be checked by hand: {@link orphic.lm.metrics.NatsPerChar},
 * {@link orphic.lm.metrics.ExpectedCalibrationError}, {@link orphic.lm.metrics.DistinctN},
 * {@link orphic.lm.metrics.CharacterCorruption} and {@link orphic.lm.metrics.MeanAndSpread}.
 * Running a model to feed them is the caller's job (see {@code orphic.lm.experiment}).
 */
package orphic.lm.metrics;
