// Test helper process: ignores SIGTERM until killed.
process.on("SIGTERM", () => undefined);
setInterval(() => undefined, 1000);
process.stdout.write(`${JSON.stringify({ msg: "armed" })}\n`);
