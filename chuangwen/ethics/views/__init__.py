"""Pages of the ethics evaluation, one module per entity."""
