/**
 * The runnable broker: the one place that sees every module.
 *
 * <pre>
 *   freshet server --config FILE --set k=v --port P --data-dir D
 *        |  Main (CommandLineArgs) -> ServerCommand
 *        v
 *   ServerProperties.merge: file < --set < flags, Kafka key names    (InvalidServerConfigException: exit 2)
 *        v
 *   BrokerConfig.fromProperties -> FreshetBroker.start               (failure: exit 1)
 *        v
 *   first log line: address, data dir, start-up time; SIGTERM/SIGINT -> shutdown hook -> FreshetBroker.close
 * </pre>
 *
 * Logging is {@link io.freshet.server.ConsoleLogging}, active only when {@link io.freshet.server.Main} runs.
 */
package io.freshet.server;
