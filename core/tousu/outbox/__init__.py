"""Messages that reach people: the outbox and its templates (the kernel's part).

- `tousu.outbox.record` writes messages in the transaction of the event that causes them;
- `tousu.outbox.templates` holds the texts per language, which a domain may override;
- `tousu.outbox.receipts` makes the receipt codes a complainant quotes;
- `tousu.outbox.settings` reads ``[orgs.ID.notify]`` and ``[orgs.ID.public]``.

Sending them and taking e-mails in are a default plugin's (`tousu.default_plugins.delivery`:
``tousu deliver``, ``tousu outbox``, ``tousu mail-in`` and the server's background rounds),
so the kernel only ever writes messages, in the transaction of their event.

Documented for deployers and receivers in docs/notifications.md.
"""
