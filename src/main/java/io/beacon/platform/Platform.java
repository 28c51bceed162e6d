package io.beacon.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;

import java.time.Clock;

/**
 * The shared handles a feature is built from: configuration, the PostgreSQL pool, Redis, metrics,
 * the OpenAPI contract and the clock every time rule reads (injected so tests move time).
 */
public record Platform(Vertx vertx, BeaconConfig config, Engines engines, Pool pg, Redis redisClient, RedisAPI redis,
                       PrometheusMeterRegistry metrics, OpenAPIContract contract, Clock clock) {}
