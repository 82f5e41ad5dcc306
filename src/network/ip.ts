// IPv4 arithmetic for prefixes, masks and lookups. Addresses are unsigned 32-bit numbers internally.

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number | null {
  const match = OCTETS.exec(text.trim());
  if (!match) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function prefixToMask(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** A dotted mask such as 255.255.255.252 to its prefix length; null when the bits are not contiguous. */
export function maskToPrefix(mask: string): number | null {
  const value = parseIpv4(mask);
  if (value === null) return null;
  for (let length = 0; length <= 32; length++) if (prefixToMask(length) === value) return length;
  return null;
}

export interface Prefix {
  network: number;
  length: number;
}

export function parsePrefix(text: string): Prefix | null {
  const [address, lengthText] = text.split("/");
  const value = parseIpv4(address ?? "");
  const length = Number(lengthText);
  if (value === null || !Number.isInteger(length) || length < 0 || length > 32) return null;
  return { network: (value & prefixToMask(length)) >>> 0, length };
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatIpv4(prefix.network)}/${prefix.length}`;
}

export function prefixContains(prefix: Prefix, address: number): boolean {
  return (address & prefixToMask(prefix.length)) >>> 0 === prefix.network;
}

export function networkOf(address: number, length: number): Prefix {
  return { network: (address & prefixToMask(length)) >>> 0, length };
}
