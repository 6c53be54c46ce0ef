-- Near-duplicate responses without scanning a clinician's month of responses: two 64-bit SimHash fingerprints at
-- most 3 bits apart agree exactly on at least one of their four 16-bit bands (pigeonhole), so the ledger looks up
-- four indexes, each bounded by the time window, and checks the full distance on the few rows they return.
create index message_fact_band0 on message_fact (clinician_id, (fingerprint & 65535), sent_at)
    where kind = 'PROVIDER_RESPONSE' and not retracted;
create index message_fact_band1 on message_fact (clinician_id, ((fingerprint >> 16) & 65535), sent_at)
    where kind = 'PROVIDER_RESPONSE' and not retracted;
create index message_fact_band2 on message_fact (clinician_id, ((fingerprint >> 32) & 65535), sent_at)
    where kind = 'PROVIDER_RESPONSE' and not retracted;
create index message_fact_band3 on message_fact (clinician_id, ((fingerprint >> 48) & 65535), sent_at)
    where kind = 'PROVIDER_RESPONSE' and not retracted;
