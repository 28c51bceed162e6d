# Beacon's fat jar on a JRE. Built from source in a Maven stage, so `docker compose up --build` works
# from a clean clone; the engines are external (BEACON_PG_URL, BEACON_REDIS_URL, see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src src
COPY conf conf
COPY web-static web-static
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /app beacon
WORKDIR /app
COPY --from=build /src/target/beacon.jar /app/beacon.jar
COPY conf /app/conf
ENV BEACON_DATA_DIR=/app/data \
    BEACON_HTTP_PORT=8080
RUN mkdir -p /app/data && chown beacon /app/data
USER beacon
EXPOSE 8080
# SIGTERM (docker stop) runs Beacon's shutdown hook: stop accepting, drain, close pools.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/beacon.jar"]
CMD ["serve"]
