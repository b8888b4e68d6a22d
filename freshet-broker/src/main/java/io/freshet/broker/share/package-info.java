/**
 * The broker's side of share groups (KIP-932): share sessions ({@link io.freshet.broker.share.ShareSessions}, one
 * per group and member, by epoch), the partition logs as the share coordinator reads them
 * ({@link io.freshet.broker.share.TopicLogsShareReader}), and what the ShareFetch and ShareAcknowledge handlers are
 * wired with ({@link io.freshet.broker.share.ShareServices}).
 *
 * <pre>
 *   ShareFetchHandler ─> ShareSessions (epoch step) ─> ShareStates.acknowledge ─> ShareStates.acquire
 *                                                        (share coordinator)        └─> TopicLogsShareReader
 *   nothing acquired ─> DelayedShareFetch in the ShareFetchPurgatory (fetch/) ─ woken by appends and onAvailable
 *   connection closed ─> ShareSessions.connectionClosed ─> ShareStates.releaseMember
 * </pre>
 */
package io.freshet.broker.share;
