export * from "./types";
export { pickServer } from "./pick";
export { keys, resultFromFields, resultToFields, type ParsedResult } from "./codec";
export { RedisDirectory } from "./redis-directory";
export { MemoryDirectory } from "./memory-directory";
