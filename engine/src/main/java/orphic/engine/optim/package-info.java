/**
 * Optimizers over a {@link orphic.engine.nn.ParameterStore} ({@link orphic.engine.optim.AdamW},
 * {@link orphic.engine.optim.Sgd}, and {@link orphic.engine.optim.Sgld}, Langevin dynamics that
 * samples rather than converges), learning-rate schedules ({@link orphic.engine.optim.LrSchedule},
 * warm restarts {@link orphic.engine.optim.Sgdr}) and gradient clipping ({@link
 * orphic.engine.optim.GradClip}). Updates follow PyTorch's definitions step for step, so
 * hyperparameters carry over; all work is element-wise over the flat arena and allocates no
 * arrays per step.
 */
package orphic.engine.optim;
