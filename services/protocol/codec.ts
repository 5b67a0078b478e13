// Typed payload helpers over the generated messages; decoding never throws.
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { Err } from "./gen/gameops/client/v1/cmd_pb";
import {
    ErrorResponseSchema,
    Int32Schema,
    Int64Schema,
    StringSchema,
    UserSchema,
    SitDownRequestSchema,
    ShakeResponseSchema,
    SceneNoticeSchema,
    SettlementNoticeSchema,
    RoomTicketSchema,
} from "./gen/gameops/client/v1/messages_pb";
import { writeInt32, writeInt64, writeScene, writeSettlement, writeShake, writeUser } from "./payload-writers";

export type Decoded<T> = { ok: true; value: T } | { ok: false; code: "bad_payload"; reason: string };

function encodePayload<D extends DescMessage>(schema: D, init: MessageInitShape<D>): Uint8Array {
    return toBinary(schema, create(schema, init));
}

function decodePayload<D extends DescMessage>(schema: D, bytes: Uint8Array): Decoded<MessageShape<D>> {
    try {
        return { ok: true, value: fromBinary(schema, bytes) };
    } catch (err) {
        return {
            ok: false,
            code: "bad_payload",
            reason: `payload is not a valid ${schema.typeName}: ${(err as Error).message}`,
        };
    }
}

function mapValue<T, U>(d: Decoded<T>, f: (v: T) => U): Decoded<U> {
    return d.ok ? { ok: true, value: f(d.value) } : d;
}

/** Builders for every payload of the protocol (the hot fixed-shape ones written directly: payload-writers.ts). */
export const encode = {
    error: (code: Err, desc: string, detail = "") => encodePayload(ErrorResponseSchema, { code, desc, detail }),
    int32: writeInt32,
    int64: writeInt64,
    string: (v: string) => encodePayload(StringSchema, { v }),
    user: writeUser,
    sitDown: (metadata: Record<string, string>) => encodePayload(SitDownRequestSchema, { metadata }),
    shake: writeShake,
    scene: writeScene,
    settlement: writeSettlement,
    roomTicket: (url: string, ticket: string, expiresMs: number) => encodePayload(RoomTicketSchema, { url, ticket, expiresMs: BigInt(expiresMs) }),
};

/** Readers for every payload of the protocol. */
export const decode = {
    error: (b: Uint8Array) => decodePayload(ErrorResponseSchema, b),
    int32: (b: Uint8Array) => mapValue(decodePayload(Int32Schema, b), (m) => m.v),
    int64: (b: Uint8Array) => mapValue(decodePayload(Int64Schema, b), (m) => m.v),
    string: (b: Uint8Array) => mapValue(decodePayload(StringSchema, b), (m) => m.v),
    user: (b: Uint8Array) => decodePayload(UserSchema, b),
    sitDown: (b: Uint8Array) => mapValue(decodePayload(SitDownRequestSchema, b), (m) => m.metadata),
    shake: (b: Uint8Array) => decodePayload(ShakeResponseSchema, b),
    scene: (b: Uint8Array) => decodePayload(SceneNoticeSchema, b),
    settlement: (b: Uint8Array) => decodePayload(SettlementNoticeSchema, b),
    roomTicket: (b: Uint8Array) => decodePayload(RoomTicketSchema, b),
};
