package io.freshet.storage.file;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** A real {@link FileStore} whose usable space a test may set ({@link FaultyStorageIo#setUsableSpace}). */
final class FakeFileStore extends FileStore {

    private final FileStore real;
    private final Supplier<LongSupplier> usable;

    FakeFileStore(FileStore real, Supplier<LongSupplier> usable) {
        this.real = real;
        this.usable = usable;
    }

    @Override
    public long getUsableSpace() throws IOException {
        LongSupplier fake = usable.get();
        return fake == null ? real.getUsableSpace() : fake.getAsLong();
    }

    @Override
    public long getUnallocatedSpace() throws IOException {
        LongSupplier fake = usable.get();
        return fake == null ? real.getUnallocatedSpace() : fake.getAsLong();
    }

    @Override
    public long getTotalSpace() throws IOException {
        return real.getTotalSpace();
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public String type() {
        return real.type();
    }

    @Override
    public boolean isReadOnly() {
        return real.isReadOnly();
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        return real.supportsFileAttributeView(type);
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return real.supportsFileAttributeView(name);
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return real.getFileStoreAttributeView(type);
    }

    @Override
    public Object getAttribute(String attribute) throws IOException {
        return real.getAttribute(attribute);
    }
}
