/**
 * The runnable broker: the one place that sees every module.
 *
 * <pre>
 *   freshet server --config FILE --set k=v --port P --mqtt-port M --data-dir D
 *        |  Main (CommandLineArgs) -> ServerCommand
 *        v
 *   ServerProperties.merge: file < --set < flags, Kafka key names    (InvalidServerConfigException: exit 2)
 *        v
 *   FreshetServer.Config: BrokerConfig + MqttConfig.fromProperties   (a bad value: exit 2)
 *        v
 *   FreshetServer.start: FreshetBroker.start, then the MQTT listener (failure: exit 1)
 *        v
 *   first log line: addresses, data dir, start-up time; SIGTERM/SIGINT -> shutdown hook -> FreshetServer.close
 * </pre>
 *
 * Logging is {@link io.freshet.server.ConsoleLogging}, active only when {@link io.freshet.server.Main} runs.
 */
package io.freshet.server;
