package io.llmload.workload.dataset;

import java.util.List;

/**
 * One turn of a sampled conversation, as it is sent: the recorded history and the turn's user message.
 *
 * @param number       1-based turn number (the call's step: group turn_N)
 * @param messages     earlier user messages and recorded assistant answers, then this turn's user message
 * @param promptTokens tokens of every message's text in the client's tokenizer (the requested prompt size)
 * @param outputTokens the recorded answer's length in tokens (JSONL: output_tokens), the output to force
 */
public record Turn(int number, List<Message> messages, int promptTokens, int outputTokens) {
}
