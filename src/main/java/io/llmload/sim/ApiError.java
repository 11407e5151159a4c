package io.llmload.sim;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An error answered as vLLM does: status + {"error":{"message","type","param","code"}}. */
final class ApiError extends RuntimeException {
  final HttpResponseStatus status;
  final String type;
  final String param;

  ApiError(HttpResponseStatus status, String type, String message, String param) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
  }

  static ApiError badRequest(String message, String param) {
    return new ApiError(HttpResponseStatus.BAD_REQUEST, "BadRequestError", message, param);
  }

  static ApiError modelNotFound(String model) {
    return new ApiError(HttpResponseStatus.NOT_FOUND, "NotFoundError", "The model `" + model + "` does not exist.", "model");
  }

  static ApiError contextTooLong(int maxModelLen, int inputTokens, Integer maxTokens) {
    String msg = "This model's maximum context length is " + maxModelLen + " tokens. However, your request has "
        + inputTokens + " input tokens";
    msg += maxTokens == null
        ? ". Please reduce the length of the input messages."
        : " and requested " + maxTokens + " output tokens (" + inputTokens + " + " + maxTokens + " > "
            + maxModelLen + "). Please reduce the length of the input messages or 'max_tokens'.";
    return new ApiError(HttpResponseStatus.BAD_REQUEST, "BadRequestError", msg, "input_tokens");
  }

  String body() {
    StringBuilder sb = new StringBuilder("{\"error\":{\"message\":");
    Json.quote(sb, getMessage()).append(",\"type\":");
    Json.quote(sb, type).append(",\"param\":");
    Json.quote(sb, param).append(",\"code\":").append(status.code()).append("}}");
    return sb.toString();
  }
}
