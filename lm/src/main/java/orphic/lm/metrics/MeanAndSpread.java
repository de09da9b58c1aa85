package orphic.lm.metrics;

/**
 * The mean of a few runs' figures (seeds) and their spread: the sample standard deviation
 * (divisor n − 1), 0 for a single value. NaN values (a metric a run could not measure) are left
 * out; with none left, both are NaN.
 *
 * @param n how many values were not NaN
 */
public record MeanAndSpread(double mean, double spread, int n) {
  public static MeanAndSpread of(double... values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (Double.isNaN(v)) continue;
      sum += v;
      n++;
    }
    if (n == 0) return new MeanAndSpread(Double.NaN, Double.NaN, 0);
    double mean = sum / n;
    double sq = 0;
    for (double v : values) if (!Double.isNaN(v)) sq += (v - mean) * (v - mean);
    return new MeanAndSpread(mean, n > 1 ? Math.sqrt(sq / (n - 1)) : 0, n);
  }
}
