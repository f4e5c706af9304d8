"""Pages of party work: branches and their calendar, meeting records, the development pipeline,
the bureau's overview."""
