package io.llmload.sim;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;
import io.llmload.workload.prompt.PromptFactory;

/** jtokkit cl100k_base, the tokenizer the simulator counts prompts with. Thread-safe. */
final class Tokenizer {
  static final Encoding CL100K = PromptFactory.encoding("cl100k_base");

  private Tokenizer() {}

  static int[] encode(String text) {
    if (text == null || text.isEmpty()) return new int[0];
    IntArrayList ids = CL100K.encodeOrdinary(text);
    return ids.toArray();
  }

  static int count(String text) {
    return text == null || text.isEmpty() ? 0 : CL100K.countTokensOrdinary(text);
  }

  /** @throws IllegalArgumentException for ids cl100k_base does not know */
  static String decode(int[] ids) {
    IntArrayList list = new IntArrayList(ids.length);
    for (int id : ids) list.add(id);
    return CL100K.decode(list);
  }
}
