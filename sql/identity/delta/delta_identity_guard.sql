-- Inside the slice, an identifier that is not being recomputed is seen on only some of its
-- events, so its counts are partial. It is held back here, so it links nothing: each such
-- identifier is either shared in the whole graph or belongs to a customer this run leaves as
-- it was (were it linked to a recomputed identifier, it would be one itself).
update int_identity_nodes
set is_shared = true
where not exists (
  select 1
  from delta_identity_identifiers as affected
  where affected.identifier_type = int_identity_nodes.identifier_type
    and affected.identifier = int_identity_nodes.identifier
)
