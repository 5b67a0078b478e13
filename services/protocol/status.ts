// gRPC status codes (https://grpc.io/docs/guides/status-codes/) as plain numbers. A room server's
// answers carry them on both transports (a gRPC status, a TCP relay close record), and the gateway
// reads them without loading grpc-js, which it needs only for a room server without the TCP relay.
export const Status = {
    OK: 0,
    CANCELLED: 1,
    UNKNOWN: 2,
    INVALID_ARGUMENT: 3,
    DEADLINE_EXCEEDED: 4,
    NOT_FOUND: 5,
    ALREADY_EXISTS: 6,
    PERMISSION_DENIED: 7,
    RESOURCE_EXHAUSTED: 8,
    FAILED_PRECONDITION: 9,
    ABORTED: 10,
    OUT_OF_RANGE: 11,
    UNIMPLEMENTED: 12,
    INTERNAL: 13,
    UNAVAILABLE: 14,
    DATA_LOSS: 15,
    UNAUTHENTICATED: 16,
} as const;

const names = new Map<number, string>(Object.entries(Status).map(([name, code]) => [code, name]));

/** "UNAVAILABLE" for 14; the number itself for a code outside the table. */
export function statusName(code: number): string {
    return names.get(code) ?? String(code);
}
