-- delta_identity_events: every event (old or new) that carries an identifier of
-- delta_identity_identifiers. The identity models rerun over all identifiers of these events,
-- so each recomputed identifier's counts, links and guard see all of its events.
-- Definition: docs/identity.md ("Incremental refresh").
create or replace temp table delta_identity_events as
select distinct observations.source, observations.event_id
from int_identity_observations as observations
semi join delta_identity_identifiers as affected
  on affected.identifier_type = observations.identifier_type
  and affected.identifier = observations.identifier
