/**
 * What the produce surfaces share (REST v3 streaming, REST v2, WebSocket produce): appending the records of one call
 * as one batch per partition, with per-record outcomes.
 */
package io.freshet.http.produce;
