package io.llmload.workload.dataset;

import java.util.List;

/** A conversation kept by {@link DatasetSampler}: its turns, cut before the first turn outside the filters. */
public record SampledConversation(Conversation source, List<Turn> turns) {
}
