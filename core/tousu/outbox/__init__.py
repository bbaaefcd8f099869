"""Messages that reach people: the outbox, its templates, delivery and mail in.

- `tousu.outbox.record` writes messages in the transaction of the event that causes them;
- `tousu.outbox.templates` holds the texts per language, which a domain may override;
- `tousu.outbox.deliver` sends them at least once (SMTP, signed webhook), with retries;
- `tousu.outbox.receipts` makes the receipt codes a complainant quotes;
- `tousu.outbox.mailin` turns e-mails into complaints or information on a case.

Documented for deployers and receivers in docs/notifications.md.
"""
