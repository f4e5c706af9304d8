"""Staff pages of the surveys app: the satisfaction index, responses, paper-card entry, survey
templates with their questions, QR posters and the alert settings. Everything goes through the
user's scope: a record outside it is 404, one the user may only view is 403 on change."""
