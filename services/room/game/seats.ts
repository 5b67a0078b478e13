// Seat assignment: `playingSeats` playing seats (the rules' seats; 4 by default: 0-3); anything else watches.

export const defaultPlayingSeats = 4;

export function isWatcherSeat(seat: number, playingSeats = defaultPlayingSeats): boolean {
    return seat >= playingSeats;
}

/**
 * The seat a newcomer gets. -1 = the lowest free playing seat; a taken or watcher seat (or no free
 * playing seat) gives the requested watcher seat if free, else the lowest free watcher seat.
 */
export function assignSeat(requested: number, taken: ReadonlySet<number>, playingSeats = defaultPlayingSeats): number {
    if (requested === -1 || (requested >= 0 && requested < playingSeats)) {
        if (requested >= 0 && !taken.has(requested)) return requested;
        if (requested === -1) {
            for (let s = 0; s < playingSeats; s++) if (!taken.has(s)) return s;
        }
    } else if (!taken.has(requested)) {
        return requested;
    }
    let s = playingSeats;
    while (taken.has(s)) s++;
    return s;
}

export function validSeatRequest(seat: number): boolean {
    return Number.isInteger(seat) && seat >= -1 && seat <= 0x7fffffff;
}
