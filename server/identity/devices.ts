/**
 * Where a sign-in or a bid comes from: the client address (through the trusted-proxy setting), a
 * hash of the user agent and a long-lived device cookie. Kept for the retention period of the
 * tenant's rules, then purged.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Knex } from 'knex';

export const DEVICE_COOKIE = 'koneps.device';
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;

export interface ClientDevice {
  address: string | null;
  userAgentHash: string | null;
  deviceId: string | null;
}

export function clientDevice(req: Request, res?: Response): ClientDevice {
  const cookies = req.cookies as Record<string, string | undefined>;
  let deviceId = cookies[DEVICE_COOKIE];
  if (deviceId && !/^[A-Za-z0-9_-]{22}$/.test(deviceId)) deviceId = undefined;
  if (!deviceId && res) {
    deviceId = randomBytes(16).toString('base64url');
    res.cookie(DEVICE_COOKIE, deviceId, {
      maxAge: TWO_YEARS_MS,
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
    });
  }
  const agent = req.headers['user-agent'];
  return {
    address: req.ip ?? null,
    userAgentHash: agent ? createHash('sha256').update(agent).digest('hex') : null,
    deviceId: deviceId ?? null,
  };
}

export async function recordDeviceEvent(
  tx: Knex.Transaction,
  userId: string | null,
  event: string,
  device: ClientDevice,
): Promise<void> {
  await tx('device_events').insert({
    user_id: userId,
    event,
    client_address: device.address,
    user_agent_hash: device.userAgentHash,
    device_id: device.deviceId,
  });
}

/** Deletes device records older than the retention period (days); returns how many. */
export async function purgeDeviceEvents(tx: Knex.Transaction, retentionDays: number): Promise<number> {
  return tx('device_events')
    .where('at', '<', tx.raw(`app_now() - make_interval(days => ?)`, [retentionDays]))
    .delete();
}
