# syntax=docker/dockerfile:1
# The ballista image: one launcher for every role (scheduler, executor, gateway, standalone, tpch, sql).
#   docker build -t ballista:local .
#   docker run --rm ballista:local --help

# Build: the launcher's fat jar (cli/target/ballista.jar) and what it depends on; tests run in CI, not here.
FROM eclipse-temurin:21-jdk-noble AS build
WORKDIR /src
COPY . .
# The Maven wrapper downloads Maven and the dependencies into ~/.m2; the cache mount keeps them between builds.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests -pl cli -am package

# Runtime: a JRE is enough for the launcher when the jar is present and there are no sources to rebuild.
FROM eclipse-temurin:21-jre-noble
RUN groupadd --system --gid 10001 ballista \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/ballista --create-home ballista \
    && mkdir -p /data /var/lib/ballista/work \
    && chown ballista:ballista /data /var/lib/ballista/work
# The launcher finds bin/java-env.sh and cli/target/ballista.jar next to itself, as in a source checkout.
COPY --from=build /src/ballista /opt/ballista/ballista
COPY --from=build /src/bin/java-env.sh /opt/ballista/bin/java-env.sh
COPY --from=build /src/cli/target/ballista.jar /opt/ballista/cli/target/ballista.jar
# Numeric, so Kubernetes' runAsNonRoot can check it.
USER 10001:10001
WORKDIR /var/lib/ballista
# scheduler gRPC, scheduler web UI / REST API, executor Flight, Flight SQL gateway
EXPOSE 50050 8080 50051 32010
ENTRYPOINT ["/opt/ballista/ballista"]
CMD ["--help"]
