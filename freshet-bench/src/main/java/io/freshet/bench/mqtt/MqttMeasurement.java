package io.freshet.bench.mqtt;

/** One number from one round: a row of the raw CSV. */
record MqttMeasurement(int round, MqttTarget target, String caseName, MqttMetric metric, double value) {
}
