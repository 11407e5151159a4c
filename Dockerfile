# The suite as a container image: runs one simulation, `./mvnw gatling:test`, with the same -D properties as
# on a workstation (given in LOADTEST_OPTS, as arguments, or as LLM_* environment variables: llm.users → LLM_USERS;
# the API key only as LLM_API_KEY).
# Every dependency is resolved at build time, so the pod runs offline (`./mvnw -o`).
#
#   docker build -t llm-loadtest:0.1.0 .
#   docker run --rm -e LLM_API_KEY -e LOADTEST_OPTS="-Dllm.baseUrl=https://gpu-node:8000 -Dllm.users=50" llm-loadtest:0.1.0
#   docker run --rm llm-loadtest:0.1.0 merge -Dmerge.runs=/results/run-1    # merge the shards of a run
#
# Kubernetes: k8s/ (an Indexed Job of N injectors, then a merge Job), README "Kubernetes".

# ---- build: the wrapper's Maven, every dependency and plugin, the compiled suite --------------------------------
FROM eclipse-temurin:17-jdk AS build
ENV HOME=/home/llm
WORKDIR /suite
COPY mvnw pom.xml ./
COPY .mvn .mvn
# dependencies and plugins first: a change to the sources does not download them again
RUN ./mvnw -B -q dependency:go-offline
COPY gatling.conf ./
COPY src src
# compiling and running the smoke simulation against the embedded simulator resolves what go-offline misses
# (the Gatling plugin's forked run, surefire is not needed) and checks the image works before it is pushed
RUN ./mvnw -B -q -o test-compile \
 && ./mvnw -B -o gatling:test -Dgatling.simulationClass=io.llmload.simulations.SmokeSimulation -Dllm.archive=false \
 && rm -rf target/gatling target/llm-runs reports

# ---- run: the JDK (not a JRE: every ./mvnw goal passes through the compiler plugin, which finds nothing to
#      compile), the primed Maven repository and the compiled suite, a non-root user ---------------------------
FROM eclipse-temurin:17-jdk
RUN groupadd --gid 10001 llm && useradd --uid 10001 --gid llm --home-dir /home/llm --create-home llm \
 && mkdir -p /results && chown llm:llm /results
ENV HOME=/home/llm
COPY --from=build --chown=llm:llm /home/llm/.m2 /home/llm/.m2
COPY --from=build --chown=llm:llm /suite /suite
COPY --chown=llm:llm docker/entrypoint.sh /usr/local/bin/llm-loadtest
USER llm
WORKDIR /suite
VOLUME /results
ENTRYPOINT ["/usr/local/bin/llm-loadtest"]
