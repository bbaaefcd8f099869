"""Clocks on the organization's calendar as the App records them (`tousu.calendars.deadlines`).

The calendar itself, its tables and its arithmetic are the ``calendars`` default plugin's
(`tousu.default_plugins.calendars`); the App reaches it through ``org.calendar``.
"""
