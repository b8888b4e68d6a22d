package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;

/**
 * What a {@link LogSegment} opens its file with: the file-operation seam, and the store's budget of open segment
 * files, which may close the file while it is not used ({@link SegmentFile}).
 */
record SegmentIo(StorageIo io, OpenSegments openSegments) {
}
