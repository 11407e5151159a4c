package io.llmload.workload.prompt;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's own Hugging Face tokenizer (its tokenizer.json), counted locally with DJL's bundled CPU natives
 * (llm.tokenizer=&lt;path&gt;). Offline mode is set first, so DJL neither downloads a GPU build nor calls home;
 * truncation is off (DJL cuts at 512 tokens by default) and special tokens are not added. DJL applies no chat
 * template: the count is of the texts, so the server's usage.prompt_tokens adds its template's tokens.
 */
public final class LocalTokenizer implements PromptCounter, AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final Path file;

  public LocalTokenizer(Path path) throws IOException {
    this.file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is not a file");
    }
    System.setProperty("ai.djl.offline", "true");
    this.tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(file).optTruncation(false)
        .optAddSpecialTokens(false).build();
  }

  /** Tokens of one text. Synchronized: whether one DJL tokenizer may be shared by threads is not documented. */
  public synchronized int count(String text) {
    return text.isEmpty() ? 0 : tokenizer.encode(text).getIds().length;
  }

  /** The system prompt's and the user text's tokens (chat: two messages, template not included). */
  @Override
  public int count(String systemPrompt, String userText) {
    return count(systemPrompt) + count(userText);
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    tokenizer.close();
  }
}
