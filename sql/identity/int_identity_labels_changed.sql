-- How many nodes int_identity_labels_next.sql relabelled; 0 means the components are final.
select count(*) as changed
from int_identity_labels_next as next_labels
inner join int_identity_labels as labels on labels.node_id = next_labels.node_id
where next_labels.label <> labels.label
