"""The business calendar and the clock rules: a default plugin (issue 12).

Each organization's ``[orgs.ID.calendar]`` and ``[orgs.ID.clocks]`` tables are this plugin's
(``register_settings``, `tables`): from them it builds the organization's `working.Calendar`
(``org.calendar``: the working week, hours, holidays, make-up days, from the config, the
plugins' ``register_calendars`` and ``.ics`` files, `ics`) and its `tables.ClockPolicy`
(``org.clocks``), which the App asks what `tousu.calendar.WorkingCalendar` and `ClockRules`
say. ``act ID pause`` and ``resume`` are its actions' parts (`pauses`, through the kernel's
features' hooks, `plugin.Calendars`). What plugins write with (`tousu.calendar.Duration`,
`CalendarSource`, `tousu.calendars.deadlines.clock`) stays in the kernel.
"""
