package orphic.lm.converse;

import java.util.List;
import java.util.Map;

/**
 * One exchange and everything the session sensed and decided for it.
 *
 * @param index 1 for the first turn
 * @param message what the user said
 * @param reply what the session answered (starts with the seed)
 * @param seed the seed phrase the reply started from
 * @param centre the centre of gravity the seed came from
 * @param pulse novelty, arousal, entropy of the message
 * @param expert the voice the pulse selected
 * @param themes the themes after this turn, strongest first
 * @param originStrength how strongly the origin text pulled the reply, in [0, 1] (0 without origin)
 * @param rings the overthinking rings after the reply (empty when rings are off)
 * @param newWords words this message added to the lexicon
 * @param lexicon the lexicon after this turn (word → weight)
 * @param replyTokens tokens generated for the reply
 */
public record Turn(int index, String message, String reply, String seed, String centre, Pulse pulse, Expert expert,
    List<ThemeFlow.Theme> themes, double originStrength, List<Ring> rings, List<String> newWords,
    Map<String, Double> lexicon, int replyTokens) {
  public Turn {
    themes = List.copyOf(themes);
    rings = List.copyOf(rings);
    newWords = List.copyOf(newWords);
    lexicon = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lexicon));
  }
}
