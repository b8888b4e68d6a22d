/**
 * What the data commands (produce, consume, bench) share: {@link io.freshet.tools.clients.OptionParser} (long and
 * short option names), {@link io.freshet.tools.clients.ClientProperties} ({@code -b}, {@code --command-config},
 * {@code -X}), {@link io.freshet.tools.clients.BrokerAdmin} (the bounded Admin checks made before a command starts)
 * and {@link io.freshet.tools.clients.ProgressLine} (a {@code \r}-redrawn status line on a terminal only).
 */
package io.freshet.tools.clients;
