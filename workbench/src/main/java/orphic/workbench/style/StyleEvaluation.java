package orphic.workbench.style;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Accuracy and confusion matrix of style predictions: {@code confusion[t][p]} counts chunks of true
 * style t predicted as p (labels in the space's order).
 */
public record StyleEvaluation(List<String> labels, int[][] confusion) {
  public StyleEvaluation {
    labels = List.copyOf(labels);
  }

  /** Builds the matrix from true and predicted label indices. */
  public static StyleEvaluation of(List<String> labels, int[] truth, int[] predicted) {
    int[][] c = new int[labels.size()][labels.size()];
    for (int i = 0; i < truth.length; i++) c[truth[i]][predicted[i]]++;
    return new StyleEvaluation(labels, c);
  }

  public int total() {
    int n = 0;
    for (int[] r : confusion) for (int x : r) n += x;
    return n;
  }

  public int correct() {
    int n = 0;
    for (int i = 0; i < confusion.length; i++) n += confusion[i][i];
    return n;
  }

  /** correct / total (0 when nothing was scored). */
  public double accuracy() {
    int t = total();
    return t == 0 ? 0 : (double) correct() / t;
  }

  /** A text table: rows are true styles, columns predictions, then the accuracy. */
  public String table() {
    int w = 9;
    for (String l : labels) w = Math.max(w, l.length() + 2);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-" + w + "s", "true\\pred"));
    for (String l : labels) sb.append(String.format("%" + w + "s", l));
    sb.append('\n');
    for (int i = 0; i < labels.size(); i++) {
      sb.append(String.format("%-" + w + "s", labels.get(i)));
      for (int x : confusion[i]) sb.append(String.format("%" + w + "d", x));
      sb.append('\n');
    }
    sb.append(String.format("accuracy %.2f%% (%d/%d)", 100 * accuracy(), correct(), total()));
    return sb.toString();
  }

  /** {"accuracy":…, "correct":…, "total":…, "labels":[…], "confusion":[[…]]} */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode j = mapper.createObjectNode();
    j.put("accuracy", accuracy());
    j.put("correct", correct());
    j.put("total", total());
    ArrayNode l = j.putArray("labels");
    labels.forEach(l::add);
    ArrayNode c = j.putArray("confusion");
    for (int[] r : confusion) {
      ArrayNode row = c.addArray();
      for (int x : r) row.add(x);
    }
    return j;
  }
}
