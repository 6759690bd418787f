-- Fill the current-state cache after every migrate (the publication schema was rebuilt).
SELECT publication.rebuild_cache();
