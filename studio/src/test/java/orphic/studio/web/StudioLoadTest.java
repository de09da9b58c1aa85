package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A tiny run of the load test behind {@code orphic bench studio} (3 clients, 2 s): mood-board adds
 * and searches happen and answer, nothing fails, every generation's resources are freed.
 */
class StudioLoadTest {
  @Test
  void aShortRunAddsToAndSearchesMoodBoardsWithoutErrors() throws Exception {
    StringWriter progress = new StringWriter();
    StudioLoad.Result r = StudioLoad.run(new StudioLoad.Options(3, 2, 6, 0.2, 0.2, 0.5, 1, 7), new PrintWriter(progress));

    assertThat(r.errors()).as(String.join("\n", r.firstErrors())).isZero();
    assertThat(r.generations() + r.documentRequests()).isPositive();
    assertThat(r.fragmentsAdded()).isPositive();
    assertThat(r.fragmentAdd().count()).isPositive();
    assertThat(r.searches()).isPositive();
    assertThat(r.search().count()).as("searches answered 200 with results").isPositive();
    assertThat(r.searchResults()).isGreaterThanOrEqualTo(r.search().count());
    assertThat(r.search().p50()).isPositive();
    assertThat(r.resourcesFreed()).isTrue();
  }
}
