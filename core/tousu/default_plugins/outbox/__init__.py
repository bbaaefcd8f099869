"""The outbox's writing side: the messages an event causes, written in the event's transaction.

A default plugin of the kernel's features (``outbox``, `tousu.default_plugins.features.Outbox`):
the App tells it of every event it appends (``complaint_event_recorded``), and a sweep asks
whether an organization's events must each be seen (``complaint_event_watch``: only when its
``[orgs.ID.notify]`` has a channel).

- `record` decides from data which messages an event calls for and writes them;
- `templates` holds their texts per language, which a domain may override;
- `receipts` makes the receipt codes a complainant quotes (the public pages and ``mail-in``
  read them back).

The configuration (``[orgs.ID.notify]``, ``[orgs.ID.public]``) is the outbox's too (`settings`,
registered through ``register_settings`` and validated by `tousu.config` for every command); sending the messages and taking e-mails in are the default plugin
``delivery`` (`tousu.default_plugins.delivery`). Documented for deployers and receivers in
docs/notifications.md.
"""
