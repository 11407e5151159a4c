#!/bin/sh
# The image's entry point. Without arguments, or with -D options: one simulation, offline,
#   ./mvnw -B -o gatling:test $LOADTEST_OPTS "$@"
# With `merge` first: merge the shards of a sharded run,
#   ./mvnw -B -q -o compile exec:java@merge $LOADTEST_OPTS "$@"
# LOADTEST_OPTS, not LLM_OPTS: every LLM_* variable must be a setting's environment twin (LLM_USERS for
# llm.users...), which the suite reads too. The API key comes from the environment (LLM_API_KEY), never from an
# argument: arguments show in `ps` and in the pod spec.
set -eu
cd /suite
case "${1:-}" in
  merge)
    shift
    # shellcheck disable=SC2086 # LOADTEST_OPTS is a list of -D options, split on spaces on purpose
    exec ./mvnw -B -q -o compile exec:java@merge ${LOADTEST_OPTS:-} "$@"
    ;;
  *)
    # shellcheck disable=SC2086
    exec ./mvnw -B -o gatling:test ${LOADTEST_OPTS:-} "$@"
    ;;
esac
