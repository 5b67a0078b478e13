// The text dump answered to Print (dev only).

export interface RoomView {
    roomId: string;
    phase: string;
    round: number;
    leftMs: number;
    members: { id: bigint; seat: number; online: boolean; points: number | undefined }[];
}

export function renderRoom(v: RoomView): string {
    const lines = [`room ${v.roomId} phase=${v.phase} round=${v.round} left=${v.leftMs}ms players=${v.members.length}`];
    for (const m of [...v.members].sort((a, b) => a.seat - b.seat)) {
        const role = m.seat >= 4 ? "watcher" : "seat";
        lines.push(`${role} ${m.seat}: ${m.id} ${m.online ? "online" : "offline"}${m.points === undefined ? "" : ` shook=${m.points}`}`);
    }
    return lines.join("\n");
}
