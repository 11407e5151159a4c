package io.llmload.config;

/**
 * How calls are spread over the replicas of llm.baseUrl (a comma-separated list), call by call.
 * ROUND_ROBIN: replica i gets calls i, i + n, i + 2n … in send order, so every replica gets the same share
 * whatever its speed and a slow replica shows as higher latency. LEAST_IN_FLIGHT: each call goes to the
 * replica with the fewest calls in progress (ties in turn), as a router that balances by load does, so a
 * slow replica gets fewer calls.
 */
public enum ReplicaBalance {
  ROUND_ROBIN,
  LEAST_IN_FLIGHT
}
