-- Makes the round computed by int_identity_labels_next.sql the current labels.
drop table int_identity_labels;
alter table int_identity_labels_next rename to int_identity_labels;
