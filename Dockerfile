# syntax=docker/dockerfile:1
# Build stage: the project's own Maven build, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

# Runtime stage: a JRE only, running as a non-root user. Configure with SPAM_SCORER_* environment variables
# and/or a mounted /app/config (spam-scorer.properties, model.json).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 scorer && useradd --system --uid 10001 --gid scorer --home-dir /app scorer \
    && mkdir -p /app/config /var/lib/spam-scorer && chown -R scorer:scorer /app /var/lib/spam-scorer
WORKDIR /app
COPY --from=build /src/target/spam-scorer.jar /app/spam-scorer.jar
COPY config/ /app/config/
USER scorer
ENV SPAM_SCORER_STATE_DIR=/var/lib/spam-scorer \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/spam-scorer.jar"]
CMD ["run", "--config", "/app/config/spam-scorer.properties"]
