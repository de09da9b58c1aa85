package orphic.lm.experiment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orphic.lm.metrics.MeanAndSpread;

/**
 * A variant's runs over seeds, summarised: every figure as mean and spread (sample standard
 * deviation). {@code figures} holds {@code tokens_seen}, {@code steps}, {@code seconds},
 * {@code tokens_per_second} and every metric name the runs have.
 */
public record VariantSummary(String variant, String description, int runs, long params, Map<String, MeanAndSpread> figures) {
  public VariantSummary {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** The figure, or an empty one (NaN) when no run has it. */
  public MeanAndSpread figure(String name) {
    MeanAndSpread f = figures.get(name);
    return f == null ? MeanAndSpread.of() : f;
  }

  static VariantSummary of(String variant, String description, List<RunResult> runs) {
    Map<String, MeanAndSpread> f = new LinkedHashMap<>();
    f.put("tokens_seen", MeanAndSpread.of(runs.stream().mapToDouble(RunResult::tokensSeen).toArray()));
    f.put("steps", MeanAndSpread.of(runs.stream().mapToDouble(RunResult::steps).toArray()));
    f.put("seconds", MeanAndSpread.of(runs.stream().mapToDouble(RunResult::seconds).toArray()));
    f.put("tokens_per_second", MeanAndSpread.of(runs.stream().mapToDouble(RunResult::tokensPerSecond).toArray()));
    Set<String> names = new LinkedHashSet<>();
    for (RunResult r : runs) names.addAll(r.metrics().keySet());
    for (String n : names) f.put(n, MeanAndSpread.of(runs.stream().mapToDouble(r -> r.metric(n)).toArray()));
    return new VariantSummary(variant, description, runs.size(), runs.isEmpty() ? 0 : runs.getFirst().params(), f);
  }
}
