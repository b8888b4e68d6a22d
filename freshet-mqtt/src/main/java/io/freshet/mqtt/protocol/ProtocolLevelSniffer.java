package io.freshet.mqtt.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Reads the protocol level byte of the first CONNECT straight from the bytes, before the decoder, then leaves the
 * pipeline. The decoder refuses a level it does not know without saying which it was, and the answer depends on
 * it: a client asking for level 5 or above gets an MQTT 5 CONNACK 0x84, older ones a 3.1.1 CONNACK 0x01.
 */
final class ProtocolLevelSniffer extends ChannelInboundHandlerAdapter {

    /** The level, or -1 if the first bytes were not a CONNECT with a readable level. */
    static final AttributeKey<Integer> LEVEL = AttributeKey.valueOf("freshet.mqtt.protocolLevel");

    private static final int CONNECT_TYPE = 0x10;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            ctx.channel().attr(LEVEL).set(levelOf(bytes));
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    static int level(io.netty.channel.Channel channel) {
        Integer level = channel.attr(LEVEL).get();
        return level == null ? -1 : level;
    }

    /** Fixed header (type, remaining length), protocol name (2-byte length + bytes), then the level. */
    static int levelOf(ByteBuf bytes) {
        int index = bytes.readerIndex();
        int end = bytes.writerIndex();
        if (index >= end || (bytes.getUnsignedByte(index) & 0xF0) != CONNECT_TYPE) {
            return -1;
        }
        index++;
        for (int i = 0; i < 4; i++, index++) {
            if (index >= end) {
                return -1;
            }
            if ((bytes.getUnsignedByte(index) & 0x80) == 0) {
                break;
            }
        }
        index++;
        if (index + 2 > end) {
            return -1;
        }
        int nameLength = bytes.getUnsignedShort(index);
        index += 2 + nameLength;
        return index < end ? bytes.getUnsignedByte(index) : -1;
    }
}
