"""Pages of activities: the list and an activity's page (roster, attendance, rate, photos,
items), the organiser's sign-in screen and the phone's sign-in page, study notes and their
progress, the item page and the bureau's summary."""
