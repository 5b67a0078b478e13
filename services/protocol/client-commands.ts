import { Cmd } from "./gen/gameops/client/v1/cmd_pb";

/**
 * The commands a client may send (PROTOCOL.md, direction c→s). Anything else is an unknown command:
 * the gateway answers ErrorResponse(UnknownCommand) and closes that connection (1008) with a reason.
 */
export const clientCommands: ReadonlySet<number> = new Set<number>([Cmd.SIT_DOWN, Cmd.STAND_UP, Cmd.PRINT, Cmd.DICE_SHAKE]);

/** The close reason for an unknown command; it names the command and what a client may send. */
export function unknownCommandReason(cmd: number): string {
    return `unknown command ${cmd}; a client sends SitDown (3), StandUp (4), Print (6) or DiceShake (103)`;
}
