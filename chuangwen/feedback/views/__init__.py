"""Staff pages of complaints, by entity: ``lists`` (working list, archive, export),
``complaints`` (intake, detail), ``actions`` (the handling actions) and ``links`` (public links).
The public form lives in ``public_views``."""
