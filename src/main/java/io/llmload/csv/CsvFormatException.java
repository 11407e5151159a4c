package io.llmload.csv;

/** A CSV file that does not follow RFC 4180 or the column layout the reader expects; the message names file and line. */
public class CsvFormatException extends RuntimeException {
  public CsvFormatException(String message) {
    super(message);
  }
}
