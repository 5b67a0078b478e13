export * from "./types";
export { pickServer } from "./pick";
export { keys, resultFromFields } from "./codec";
export { RedisDirectory } from "./redis-directory";
export { MemoryDirectory } from "./memory-directory";
