"""Building organizations' calendars from the config, plugin data and iCalendar files; ``tousu calendar``.

The arithmetic itself lives in `tousu.calendar` (pure functions); this package is the
reading side: ``[orgs.ID.calendar]`` → `tousu.calendar.Calendar`.
"""
