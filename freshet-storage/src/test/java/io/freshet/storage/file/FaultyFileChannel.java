package io.freshet.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A {@link FileChannel} that passes everything to a real one, except that the writes, fsyncs and truncations that
 * its {@link FaultyStorageIo} decides to fail throw instead (a write possibly after writing part of its buffer).
 */
final class FaultyFileChannel extends FileChannel {

    private final FileChannel delegate;
    private final FaultyStorageIo io;
    private volatile Path path;

    FaultyFileChannel(FileChannel delegate, Path path, FaultyStorageIo io) {
        this.delegate = delegate;
        this.path = path;
        this.io = io;
    }

    /** The file was renamed: faults now match its new name. */
    void renamed(Path newPath) {
        this.path = newPath;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        FaultyStorageIo.Fault fault = io.check(FaultyStorageIo.Op.WRITE, path);
        if (fault != null) {
            tear(src, fault, -1);
        }
        return delegate.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        FaultyStorageIo.Fault fault = io.check(FaultyStorageIo.Op.WRITE, path);
        if (fault != null) {
            tear(src, fault, position);
        }
        return delegate.write(src, position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        FaultyStorageIo.Fault fault = io.check(FaultyStorageIo.Op.WRITE, path);
        if (fault != null) {
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    tear(srcs[i], fault, -1);
                }
            }
            throw fault.error(path);
        }
        return delegate.write(srcs, offset, length);
    }

    /** Writes the fault's torn prefix of {@code src} (if any), then throws. */
    private void tear(ByteBuffer src, FaultyStorageIo.Fault fault, long position) throws IOException {
        int torn = Math.min(fault.tornBytes(), src.remaining());
        if (torn > 0) {
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + torn);
            int written = position < 0 ? delegate.write(part) : delegate.write(part, position);
            src.position(src.position() + written);
        }
        throw fault.error(path);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        FaultyStorageIo.Fault fault = io.check(FaultyStorageIo.Op.FORCE, path);
        if (fault != null) {
            throw fault.error(path);
        }
        delegate.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        FaultyStorageIo.Fault fault = io.check(FaultyStorageIo.Op.TRUNCATE, path);
        if (fault != null) {
            throw fault.error(path);
        }
        delegate.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        failRead();
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        failRead();
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        failRead();
        return delegate.read(dst, position);
    }

    private void failRead() throws IOException {
        FaultyStorageIo.Fault fault = io.check(FaultyStorageIo.Op.READ, path);
        if (fault != null) {
            throw fault.error(path);
        }
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        FaultyStorageIo.Fault fault = io.check(FaultyStorageIo.Op.WRITE, path);
        if (fault != null) {
            throw fault.error(path);
        }
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
