/** The database's clock, in epoch milliseconds: every replica measures leases and ages by it. */
export const NOW = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;
