package orphic.workbench.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Lexicon regex keys: any key text either refuses to parse with {@link IllegalArgumentException}
 * or searches any text within its step budget (a catastrophic pattern gives up, it never hangs).
 * The budget here is small so that every execution is bounded to a few milliseconds; the read
 * count is checked against it. Lives in the lexicon package because {@link Key} is internal.
 * (Jazzer's RegexInjection sanitizer is disabled in junit-platform.properties: regex keys are
 * user patterns by design, and an invalid one is refused with a clear message.)
 */
class RegexKeyFuzzTest {
  private static final long STEPS = 20_000;

  @FuzzTest(maxDuration = "15s")
  void regexKey(FuzzedDataProvider in) {
    boolean caseSensitive = in.consumeBoolean(), wholeWord = in.consumeBoolean();
    String pattern = in.consumeString(64);
    String flags = in.consumeString(3);
    String text = in.consumeRemainingAsString();
    Key key;
    try {
      key = Key.parse("/" + pattern + "/" + flags, caseSensitive, wholeWord);
    } catch (IllegalArgumentException e) {
      return;
    }
    Key.Search s = key.find(text, STEPS);
    if (s.hit() != null) {
      assertThat(s.hit().start()).isBetween(0, text.length());
      assertThat(s.hit().end()).isBetween(s.hit().start(), text.length());
    }
    // The same through a plain key: never gives up.
    try {
      Key plain = Key.parse(pattern, caseSensitive, wholeWord);
      assertThat(plain.find(text, STEPS).gaveUp()).isFalse();
    } catch (IllegalArgumentException e) {
      // blank key
    }
  }
}
