package io.llmload.workload.dataset;

import java.util.List;

/**
 * One recorded conversation of a dataset, in order.
 *
 * @param id           the dataset's id ("id" in ShareGPT, "line N" in JSONL)
 * @param messages     user and assistant messages as recorded (ShareGPT's system messages are left out)
 * @param outputTokens JSONL's "output_tokens" for the single turn, or null (then the recorded answer decides)
 * @param where        file and line or array index, for messages
 */
public record Conversation(String id, List<Message> messages, Integer outputTokens, String where) {
}
