/** Tests create and drop databases: refuse to do that anywhere but this machine. */
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`tests refuse to run against a non-local database (${host})`);
  }
}
