/** {@code freshet acl}: Kafka ACLs through the Admin client (CreateAcls, DescribeAcls, DeleteAcls). */
package io.freshet.tools.acl;
