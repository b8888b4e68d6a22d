/**
 * Topics and cluster identity. {@link io.freshet.broker.metadata.TopicController} owns the catalog on one
 * thread and publishes immutable {@link io.freshet.broker.metadata.TopicsImage}s for readers.
 * <pre>
 *   data dir/ meta.properties   cluster.id, node.id          (ClusterIdentity)
 *             topics.json       version, crc32c, topics[]    (CatalogFile, rewritten via AtomicFile)
 *             &lt;topic&gt;-&lt;n&gt;/     partition logs               (io.freshet.storage)
 * </pre>
 */
package io.freshet.broker.metadata;
