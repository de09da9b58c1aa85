package orphic.lm.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished run of an experiment: a variant trained with one seed, and what was measured.
 * Saved as run.json in the run's directory (the run's completion marker) and in results.json.
 *
 * @param variant        the variant's name
 * @param seed           initialisation and batch-order seed
 * @param dir            the run's model directory, relative to the experiment directory
 * @param model          architecture and sizes, e.g. "gpt L4 H6 D192 T128 V65"
 * @param params         trainable parameters
 * @param steps          optimisation steps done
 * @param tokensSeen     training tokens seen (steps × batch × context)
 * @param trainLoss      smoothed training loss at the end (nats per token)
 * @param finalValLoss   the trainer's last validation loss (nats per character)
 * @param bestValLoss    the best validation loss during training
 * @param tokensPerSecond training throughput
 * @param seconds        wall-clock training seconds (evaluations during training included)
 * @param metrics        {@link ModelMetrics} figures and the variant's own, by name (NaN = not measured)
 * @param samples        the samples distinct-n was measured on
 */
public record RunResult(String variant, long seed, String dir, String model, long params, long steps, long tokensSeen,
    double trainLoss, double finalValLoss, double bestValLoss, double tokensPerSecond, double seconds,
    Map<String, Double> metrics, List<String> samples) {

  public RunResult {
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    samples = List.copyOf(samples);
  }

  /** A metric, NaN when the run has none of that name. */
  public double metric(String name) {
    Double v = metrics.get(name);
    return v == null ? Double.NaN : v;
  }

  /** The run directory name: {@code <variant>-s<seed>}. */
  public static String dirName(String variant, long seed) {
    return variant + "-s" + seed;
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("variant", variant);
    o.put("seed", seed);
    o.put("dir", dir);
    o.put("model", model);
    o.put("params", params);
    o.put("steps", steps);
    o.put("tokens_seen", tokensSeen);
    number(o, "train_loss", trainLoss);
    number(o, "final_val_loss", finalValLoss);
    number(o, "best_val_loss", bestValLoss);
    number(o, "tokens_per_second", tokensPerSecond);
    number(o, "seconds", seconds);
    ObjectNode m = o.putObject("metrics");
    for (var e : metrics.entrySet()) number(m, e.getKey(), e.getValue());
    var s = o.putArray("samples");
    samples.forEach(s::add);
    return o;
  }

  static RunResult fromJson(JsonNode o) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (var e : o.path("metrics").properties()) metrics.put(e.getKey(), number(e.getValue()));
    List<String> samples = new ArrayList<>();
    for (JsonNode s : o.path("samples")) samples.add(s.asText());
    return new RunResult(o.path("variant").asText(), o.path("seed").asLong(), o.path("dir").asText(), o.path("model").asText(),
        o.path("params").asLong(), o.path("steps").asLong(), o.path("tokens_seen").asLong(), number(o.path("train_loss")),
        number(o.path("final_val_loss")), number(o.path("best_val_loss")), number(o.path("tokens_per_second")),
        number(o.path("seconds")), metrics, samples);
  }

  /** JSON has no NaN: an unmeasured figure is null. */
  static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) o.put(key, v);
    else o.putNull(key);
  }

  static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }
}
