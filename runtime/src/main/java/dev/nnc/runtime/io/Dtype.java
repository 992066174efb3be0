package dev.nnc.runtime.io;

import java.nio.ByteBuffer;

/**
 * The element types a safetensors header may name, with their sizes in bytes. Every type is known
 * so that offsets can be validated for any file; only the floating-point ones can be read into a
 * float tensor ({@link #readable()}).
 */
enum Dtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    F64(8), I64(8), U64(8);

    final int size;

    Dtype(int size) {
        this.size = size;
    }

    /** The dtype called {@code name} in a header, or null if there is none. */
    static Dtype named(String name) {
        for (Dtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    boolean readable() {
        return this == F32 || this == F64 || this == F16 || this == BF16;
    }

    /** Reads one element at the buffer's position (little-endian buffer) as a float. */
    float read(ByteBuffer in) {
        return switch (this) {
            case F32 -> in.getFloat();
            case F64 -> (float) in.getDouble();
            case F16 -> halfToFloat(in.getShort());
            // bfloat16 is the upper half of an IEEE float32, so widening is exact
            case BF16 -> Float.intBitsToFloat((in.getShort() & 0xFFFF) << 16);
            default -> throw new IllegalStateException(this + " is not readable");
        };
    }

    /**
     * IEEE 754 binary16 to float, exact for every value (float has more exponent and mantissa bits).
     * Java 17 has no {@code Float.float16ToFloat} (it came in Java 20).
     */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN: keep the payload
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
