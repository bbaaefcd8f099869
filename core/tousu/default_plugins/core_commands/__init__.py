"""The core's own commands as a default plugin: recording (init, intake, act, sweep,
compensate), reading (show, list, due, rebuild), attach, calendar, domains, rezone and
templates, with what only they use (``init``'s starter file, the domain listing).

The kernel never imports this package: `tousu.default_plugins.commands.CoreCommands` adds
each command to the group through ``register_commands`` by name, module and summary, so
``tousu --help`` lists them without importing them (datasette's ``default_*`` way).
"""
