package orphic.lm.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;

/**
 * One arm of an experiment: a name and the changes it makes to the shared training job. Every
 * variant of an experiment trains on the same corpus, tokenizer, batch, context, seeds and time
 * budget; a variant changes the model (architecture, sizes, components) or the training regime
 * (loss, optimizer, schedule kind, snapshots, community: {@link TrainConfig#withRegimeOf}) and may
 * measure extra figures on the trained model (for example the mean void mass of Blanchotian
 * attention). It never changes the learning rate, warm-up, clipping, decay or budget: no tuning
 * the baseline does not get.
 *
 * <p>Hooks have defaults that change nothing, so a variant overrides only what it changes. Build
 * one with {@link #builder(String)}; make it available by name through a {@link VariantFamily}.
 */
public interface Variant {
  /** The name used on the command line and in reports (lower-case, no spaces). */
  String name();

  /** One line for listings and the report. */
  String description();

  /**
   * Adjusts the job every variant starts from (arch "gpt", the experiment's sizes, seed and
   * budget). Change the architecture and sizes here; leave data, batch and budget alone, or the
   * comparison is no longer fair.
   */
  default TrainJob.Spec spec(TrainJob.Spec base) {
    return base;
  }

  /** Adjusts the model config made from the spec's preset, for what a spec cannot say. */
  default ModelConfig model(ModelConfig preset) {
    return preset;
  }

  /**
   * Adjusts the training regime: loss, optimizer, schedule kind, snapshots, community. Anything
   * else it changes is refused by the experiment.
   */
  default TrainConfig train(TrainConfig base) {
    return base;
  }

  /**
   * Extra figures measured on the trained model with the validation ids, by name (the report
   * knows {@code void_mass}; other names get their own columns). Default: none.
   */
  default Map<String, Double> measure(LanguageModel model, int[] validation) {
    return Map.of();
  }

  /** A builder for the common case: an architecture, sizes and a model adjustment. */
  static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link Variant}; every option left unset keeps the experiment's value. */
  final class Builder {
    private final String name;
    private String description = "";
    private String arch;
    private Integer layers;
    private Integer heads;
    private Integer dim;
    private UnaryOperator<ModelConfig> model = UnaryOperator.identity();
    private UnaryOperator<TrainConfig> train = UnaryOperator.identity();
    private BiFunction<LanguageModel, int[], Map<String, Double>> measure = (m, v) -> Map.of();

    private Builder(String name) {
      this.name = Variants.checkName(name);
    }

    /** Default: empty. */
    public Builder description(String d) {
      description = Objects.requireNonNull(d);
      return this;
    }

    /** Default: the experiment's ("gpt"). */
    public Builder arch(String a) {
      arch = Objects.requireNonNull(a);
      return this;
    }

    /** Default: the experiment's --layers, or the preset. */
    public Builder layers(int l) {
      layers = l;
      return this;
    }

    /** Default: the experiment's --heads, or the preset. */
    public Builder heads(int h) {
      heads = h;
      return this;
    }

    /** Default: the experiment's --dim, or the preset. */
    public Builder dim(int d) {
      dim = d;
      return this;
    }

    /** Default: unchanged. Applied after the preset, so it sees the final sizes. */
    public Builder model(UnaryOperator<ModelConfig> m) {
      model = Objects.requireNonNull(m);
      return this;
    }

    /** Default: unchanged. The training regime only (see {@link Variant#train}). */
    public Builder train(UnaryOperator<TrainConfig> t) {
      train = Objects.requireNonNull(t);
      return this;
    }

    /** Default: no extra figures. */
    public Builder measure(BiFunction<LanguageModel, int[], Map<String, Double>> m) {
      measure = Objects.requireNonNull(m);
      return this;
    }

    public Variant build() {
      String n = name, d = description, a = arch;
      Integer l = layers, h = heads, c = dim;
      UnaryOperator<ModelConfig> mo = model;
      UnaryOperator<TrainConfig> tr = train;
      BiFunction<LanguageModel, int[], Map<String, Double>> me = measure;
      return new Variant() {
        @Override
        public String name() {
          return n;
        }

        @Override
        public String description() {
          return d;
        }

        @Override
        public TrainJob.Spec spec(TrainJob.Spec s) {
          return new TrainJob.Spec(s.corpus(), a != null ? a : s.arch(), s.tokenizer(), l != null ? l : s.layers(),
              h != null ? h : s.heads(), c != null ? c : s.dim(), s.context(), s.dropout(), s.seed(), s.train(), s.out(), s.resume());
        }

        @Override
        public ModelConfig model(ModelConfig preset) {
          return mo.apply(preset);
        }

        @Override
        public TrainConfig train(TrainConfig base) {
          return tr.apply(base);
        }

        @Override
        public Map<String, Double> measure(LanguageModel model, int[] validation) {
          return new LinkedHashMap<>(me.apply(model, validation));
        }

        @Override
        public String toString() {
          return n;
        }
      };
    }
  }
}
