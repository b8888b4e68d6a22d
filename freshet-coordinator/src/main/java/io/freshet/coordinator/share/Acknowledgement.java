package io.freshet.coordinator.share;

/**
 * One acknowledgement batch as ShareFetch and ShareAcknowledge carry it: offsets {@code firstOffset..lastOffset}
 * and either one type for all of them or one per offset (types: 0 GAP, 1 ACCEPT, 2 RELEASE, 3 REJECT, 4 RENEW).
 */
public record Acknowledgement(long firstOffset, long lastOffset, byte[] types) {
    public static final byte GAP = 0;
    public static final byte ACCEPT = 1;
    public static final byte RELEASE = 2;
    public static final byte REJECT = 3;
    public static final byte RENEW = 4;
}
