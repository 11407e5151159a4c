package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.CallGroups;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The summary's group names in display order ({@link CallGroups#ORDER}). */
final class ReportGroups {
  private ReportGroups() {
  }

  static List<String> ordered(JsonNode groups) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = groups.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(CallGroups.ORDER);
    return names;
  }
}
