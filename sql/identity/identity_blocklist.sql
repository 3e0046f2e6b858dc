-- identity_blocklist: one row per identifier value that must never link anything.
-- identifier_type is anonymous_id | customer_id | email | phone | loyalty_id; identifier is the
-- value as staged: for email and phone the HMAC hex of the normalised value (the same keyed
-- hash ingest applies), for the other types the raw value. The run fills it from config
-- identity.blocklist before the identity stage (src/identity/identity-blocklist.ts); the stage
-- itself also blocks the configured values for the raw types and every empty string.
-- Definition: docs/identity.md ("Block list").
create table if not exists identity_blocklist (
  identifier_type varchar not null,
  identifier varchar not null
);
