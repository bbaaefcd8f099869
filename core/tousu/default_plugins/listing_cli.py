"""``tousu plugins``: the listing's command (a default plugin, `tousu.default_plugins.commands`)."""

from __future__ import annotations

import click

from tousu.door import JSON_OPTION, Env, emit, pass_env


@click.command()
@JSON_OPTION
@pass_env
def plugins(env: Env, as_json: bool) -> None:
    """Installed plugins: version, status, hooks, domains, and which organizations enable them."""
    from tousu.default_plugins.operator_texts import listing_language
    from tousu.default_plugins.plugin_listing import listing_text, plugin_listing

    warnings: list[str] = []
    listing = plugin_listing(env, warnings)
    for warning in warnings:
        click.echo(f"tousu: warning: {warning}", err=True)
    if as_json:
        emit(listing)
        return
    click.echo(listing_text(listing, listing_language(env)))
