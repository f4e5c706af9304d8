"""Pages of the evidence ledger, by entity: ``records`` (list, form, record), ``review`` (queue,
submit, review, archive) and ``files`` (download, thumbnail, removal); ``common`` holds what they share."""
