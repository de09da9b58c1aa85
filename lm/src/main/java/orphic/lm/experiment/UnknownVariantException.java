package orphic.lm.experiment;

import java.util.List;

/** A variant name no {@link VariantFamily} knows; the message lists the valid names. */
public final class UnknownVariantException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> valid;

  UnknownVariantException(String name, List<String> valid, List<String> patterns) {
    super("unknown variant '" + name + "': valid variants are " + String.join(", ", valid)
        + (patterns.isEmpty() ? "" : ", or " + String.join(", ", patterns)));
    this.valid = List.copyOf(valid);
  }

  /** The names that would have been accepted. */
  public List<String> valid() {
    return valid;
  }
}
