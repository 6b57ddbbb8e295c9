// Resolving a push service's host name, and refusing it when any address it resolves to is not
// a public one. Used when a subscription is saved and again for every new connection a send
// opens (as the socket's `lookup`), so the address checked is the address connected to: a DNS
// answer that changes between the two cannot slip a private address in.
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { isAllowedPushAddress } from './addressPolicy.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses; injectable so tests decide what DNS says. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/** The host resolved to an address a push may not go to (or to nothing). */
export class PushAddressRefusedError extends Error {
  override readonly name = 'PushAddressRefusedError';
  readonly code = 'push-address-refused';

  constructor(
    readonly host: string,
    readonly address: string | undefined,
  ) {
    super(
      address === undefined
        ? `${host} resolves to no address`
        : `${host} resolves to ${address}, which is not a public address`,
    );
  }
}

/** The host's addresses, all of them allowed; throws PushAddressRefusedError otherwise. DNS
 *  failures (ENOTFOUND, EAI_AGAIN…) are thrown as they come. */
export async function resolvePushHost(
  host: string,
  resolver: HostResolver,
  allowLoopback: boolean,
): Promise<ResolvedAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const literal = isIP(bare);
  const addresses: ResolvedAddress[] =
    literal !== 0 ? [{ address: bare, family: literal === 6 ? 6 : 4 }] : await resolver(bare);
  if (addresses.length === 0) throw new PushAddressRefusedError(bare, undefined);
  const refused = addresses.find((entry) => !isAllowedPushAddress(entry.address, allowLoopback));
  if (refused !== undefined) throw new PushAddressRefusedError(bare, refused.address);
  return addresses;
}

/** A socket `lookup` that resolves through `resolver` and refuses disallowed addresses. */
export function checkedLookup(resolver: HostResolver, allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolvePushHost(hostname, resolver, allowLoopback).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((entry) => entry.family === options.family)
            : addresses;
        if (options.all) {
          callback(null, wanted as LookupAddress[]);
          return;
        }
        const first = wanted[0];
        if (first === undefined) {
          callback(new PushAddressRefusedError(hostname, undefined), '', 4);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}
