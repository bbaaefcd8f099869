"""The desk: intake, actions, sweep and the daily list, each one transaction.

`App` is tousu's public Python API; the CLI is a thin shell over it. Every write goes
through `_commit`, which appends one event and applies it to the projection with the same
function `rebuild` uses, so the live tables always equal a replay of the history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tousu import payload, policy, projection
from tousu.app_actions import ActionWork
from tousu.app_clocks import ClockWork, DueItem
from tousu.clock import recording_instant
from tousu.config import Config
from tousu.errors import InputError, NotFound, Refused
from tousu.facts import fact_str
from tousu.hooks import Features, Hooks
from tousu.models import (
    FINAL_STATUSES,
    Action,
    Compensation,
    Complaint,
    DomainSpec,
    Effects,
    Event,
    Org,
    Staff,
)
from tousu.payload import ABSENT, Create, Payload, Set
from tousu.permissions import acting, may_see, not_found
from tousu.plugins import Registry
from tousu.recording import (
    PUBLIC,
    PUBLIC_ACTIONS,
    SYSTEM,
    _cancel_unless,
    _deadline_ops,
    _effects_data,
    _jsonable,
    _month,
    _one_of,
    _reclassified,
)
from tousu.store_surface import StoreSurface
from tousu.timeutil import now as clock_now
from tousu.timeutil import parse_instant, to_db, zone


class App(ActionWork, ClockWork):
    """A deployment: its config, its plugins and its database."""

    def __init__(self, config: Config, registry: Registry, store: StoreSurface, features: Features | None = None) -> None:
        self.config = config
        self.registry = registry
        self.hooks = Hooks(registry)
        if features is None:
            from tousu.compose import default_features

            features = default_features()
        #: The kernel's features that are default plugins (corrections, attachments, replies, the
        #: outbox), for every organization, as the composition root hands them over.
        self.features = features
        self.store = store
        #: Whether each event is told to ``complaint_event_recorded`` (the outbox writes its
        #: messages); import switches it off: history is not news.
        self.telling = True
        #: The organization the command last looked up: its errors are told in its language.
        self.addressed: Org | None = None
        #: org id → (the org, the registry's size, its domains): `_domains_of`.
        self._domains: dict[str, tuple[Org, tuple[int, int], list[str]]] = {}

    @classmethod
    def open(
        cls, config: Config | str | Path | None = None, *, registry: Registry | None = None, threads: bool = False
    ) -> App:
        """The one composition root: a deployment from its config, ready to use.

        `config` is a `Config` or the path of a ``tousu.toml`` (``None``: ``$TOUSU_CONFIG``,
        else ``./tousu.toml``). Loads the installed plugins (unless a `registry` is given),
        validates the config against them, opens the database and applies the core's and the
        plugins' migrations. Every door (CLI, test kit, import, server) builds its App here,
        so all of them decide alike. `threads`: its connection may be used from any thread, one
        at a time (the server's one writer, `tousu.default_plugins.server.asgi.Deployment.writing`).
        """
        from tousu.compose import default_features, load_registry, open_store, resolve_config
        from tousu.zones import guard

        registry = registry if registry is not None else load_registry()
        resolved = resolve_config(config, registry)
        store = open_store(resolved, registry, threads=threads)
        store.flush_spooled_audit()  # views audited while a writer held the lock (the store's spool)
        # an organization whose timezone changed under its complaints is refused until rezoned
        return cls(guard(resolved, store), registry, store, default_features())

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def instant(self, text: str | None, org_id: str | None = None) -> datetime:
        """An ``--at`` text as an aware instant; ``None`` is now.

        A local time is read in the organization's zone; without an organization, in the
        deployment's zone when all its organizations share one, else UTC.
        """
        if text is None:
            return clock_now()
        if org_id:
            tz = self.org(org_id).tz
        else:
            zones = {org.timezone for org in self.config.orgs.values()}
            tz = zone(zones.pop() if len(zones) == 1 else "UTC")
        return parse_instant(text, tz)

    # -- lookups --------------------------------------------------------------------

    def org(self, org_id: str) -> Org:
        org = self.config.org(org_id)
        self.addressed = org  # the organization an error of this command is told in (tousu.cli)
        return org

    def domain(self, name: str) -> DomainSpec | None:
        return self.registry.domains.get(name)

    def actor(self, org: Org, actor_id: str | None) -> Staff:
        """Who is acting: ``--actor``, else ``$TOUSU_ACTOR``; nobody is ever assumed.

        A recorded command without a named actor is refused (exit 2): the first staff member
        is never taken for whoever typed it. Another organization's staff id gets exactly
        the answer an unknown id gets.
        """
        actor_id = acting(actor_id)
        if actor_id is None:
            raise InputError(policy.NO_ACTOR)
        if actor_id == PUBLIC.id and actor_id not in org.staff:
            return PUBLIC
        staff = org.staff.get(actor_id)
        if staff is None:  # unknown, or staff of another organization: the same answer
            known = ", ".join(org.staff) or "none"
            raise NotFound(f"unknown staff member {actor_id!r} (staff of {org.id}: {known}; see tousu.toml)")
        return staff

    def get(self, complaint_id: str, *, org_id: str | None = None, actor_id: str | None = None) -> Complaint:
        """A complaint visible to the caller; another organization's id answers like a missing one."""
        complaint = self.store.load(complaint_id)
        if not may_see(self.config, complaint, org_id=org_id, actor_id=actor_id, public=PUBLIC.id):
            raise not_found(complaint_id, actor_id, public=PUBLIC.id)
        assert complaint is not None
        return complaint

    def history(self, complaint_id: str) -> list[Event]:
        return self.store.events(complaint_id)

    # -- intake ---------------------------------------------------------------------

    def intake(
        self,
        org_id: str,
        *,
        channel: str,
        summary: str,
        domain: str | None = None,
        category: str | None = None,
        tier: str | None = None,
        complainant: str = "",
        contact: str = "",
        respondent: str = "",
        place: str = "",
        request: str = "",
        urgent: bool = False,
        fields: dict[str, Any] | None = None,
        actor: str | None = None,
        at: datetime | None = None,
        again: bool = False,
    ) -> Complaint:
        """Record a new complaint: classify it, put it on the clock, apply the domain's rules.

        The same contact, summary and channel within a minute of an earlier intake is refused
        unless `again` (a double click, or one call recorded twice by two receptionists).
        """
        org = self.org(org_id)
        staff = self.actor(org, actor)
        at = recording_instant(self.config, at)
        facts = dict(fields or {})
        spec = self._intake_domain(org, domain)
        if not summary.strip():
            raise InputError("--summary: a complaint needs a summary of what happened")
        _one_of("--channel", channel, spec.channels)
        if category is not None:
            _one_of("--category", category, spec.categories)
        if tier is not None:
            _one_of("--tier", tier, spec.tiers)
        place = place or fact_str(facts, "place", "") or ""
        with self.store.transaction():
            if contact and not again:
                minute = timedelta(minutes=1)
                same = self.store.identical_recent(org.id, spec.name, channel, summary, contact, at - minute, at + minute)
                if same is not None:
                    raise Refused.of("intake.identical", id=same)
            draft = Complaint(
                id="(new)",
                org=org.id,
                domain=spec.name,
                channel=channel,
                received_at=at,
                summary=summary,
                tier=tier,
                category=category,
                complainant=complainant,
                contact=contact,
                respondent=respondent,
                place=place,
                request=request,
                owner=staff.id,
                urgent=urgent,
                fields=facts,
            )
            chosen = self.hooks.complaint_classify(complaint=draft, org=org, facts=facts)
            if chosen is not None:
                _one_of("classified tier", chosen.tier, spec.tiers)
                _one_of("classified category", chosen.category, spec.categories)
                draft = projection.evolve(
                    draft, tier=chosen.tier, category=chosen.category, classification_reason=chosen.reason
                )
            else:
                draft = projection.evolve(
                    draft,
                    tier=tier or spec.default_tier,
                    category=category or spec.default_category,
                    classification_reason="as given at intake" if tier or category else "domain default",
                )
            action = Action("intake")
            self._guard(draft, org, staff, action, facts, at)
            complaint_id = self.store.next_ids(1, org.id)[0]
            self.store.remember_zone(org.id, org.timezone)  # the zone its months are counted in (tousu.zones)
            draft = projection.evolve(draft, id=complaint_id)
            create = Create(
                org.id, spec.name, channel, to_db(at), summary, month=_month(at, org), respondent=respondent,
                place=place, request=request, owner=staff.id, urgent=urgent,
            )
            specs = self.hooks.complaint_deadlines(complaint=draft, org=org, now=at)
            data = Payload(
                create=create,
                set=Set(tier=draft.tier, category=draft.category, classification_reason=draft.classification_reason),
                fields=_jsonable(facts),
                deadlines=_deadline_ops(draft, specs, org=org, at=at),
            )
            return self._commit(
                None, org, staff, action, facts, at, data, complaint_id=complaint_id, personal=(complainant, contact)
            )

    def _intake_domain(self, org: Org, domain: str | None) -> DomainSpec:
        available = self._domains_of(org)
        if domain is None:
            if len(available) != 1:
                raise InputError(
                    f"organization {org.id} handles {len(available)} domains ({', '.join(available) or 'none'}): "
                    "choose one with --domain"
                    if available
                    else f"organization {org.id} enables no domain plugin; add one to orgs.{org.id}.plugins"
                )
            domain = available[0]
        if domain not in available:
            raise InputError(
                f"--domain {domain!r} is not enabled for organization {org.id} (enabled: {', '.join(available) or 'none'})"
            )
        return self.registry.domains[domain]

    def _domains_of(self, org: Org) -> list[str]:
        """The domains `org`'s enabled plugins serve, in their order: kept per organization object
        and registry size (an import asks once a record; a config read again makes new orgs, a
        plugin added or broken since changes the registry's plugins or domains)."""
        kept = self._domains.get(org.id)
        loaded = (len(self.registry.infos), len(self.registry.domains))
        if kept is None or kept[0] is not org or kept[1] != loaded:
            infos = self.registry.infos
            kept = (org, loaded, [d for p in org.plugins if p in infos for d in infos[p].domains])
            self._domains[org.id] = kept
        return list(kept[2])

    def _commit(
        self,
        complaint: Complaint | None,
        org: Org,
        staff: Staff,
        action: Action,
        facts: dict[str, Any],
        at: datetime,
        data: Payload,
        *,
        complaint_id: str | None = None,
        personal: tuple[str, str] = ("", ""),
        consequences: bool = True,
        applied: Complaint | None = None,
    ) -> Complaint:
        """Complete an action's event with the plugins' consequences and write it once.

        The plugins see the complaint as the action leaves it; what they add (steps,
        deadlines, links, flags, fields), and the deadlines of a changed tier, go into the
        same event, so the history has one entry per action saying everything it did.
        `applied` is the complaint after `data` alone when the caller has folded it already
        (the sweep judges the breached complaint before committing it): not folded twice.
        """
        cid = complaint.id if complaint is not None else complaint_id
        assert cid is not None
        updated = (
            applied if applied is not None else projection.fold(complaint, data, cid, at, staff.id, personal)
        )
        effects: list[Effects] = []
        if consequences:
            effects = self.hooks.complaint_after_action(
                complaint=updated, org=org, actor=staff, action=action, facts=facts, store=self.store, now=at
            )
            extra = _effects_data(updated, effects, self.store, org, at)
            if not extra.empty():
                updated = self._apply_more(complaint, updated, cid, staff, at, data, extra, personal)
                data = data.merged(extra)
        if complaint is not None and _reclassified(complaint, updated):
            specs = self.hooks.complaint_deadlines(complaint=updated, org=org, now=at)
            ops = _deadline_ops(updated, specs, org=org, at=at)
            if action.name == "downgrade":  # clocks only the higher tier runs stop with it
                ops += _cancel_unless(updated, specs)
            if ops:
                extra = Payload(deadlines=ops)
                updated = self._apply_more(complaint, updated, cid, staff, at, data, extra, personal)
                data = data.merged(extra)
        n = 1 if complaint is None else self.store.next_event_n(cid)
        if complaint is None:  # written after every rule has had its say: a refusal leaves nothing
            self.store.save_personal(cid, *personal)
        stored = payload.written(data)
        last = self.store.append(self._event(cid, staff, action.name, at, stored, n), org.id)
        create = data.create
        # an intake's month is its receipt's, reckoned once for its `Create` (the same instant)
        month = create.month if complaint is None and isinstance(create, Create) and isinstance(create.month, str) \
            else _month(updated.received_at, org)
        if complaint is None:
            self.store.save(updated, month, last, new=True)
        else:
            self.store.save_change(complaint, updated, month, last)
        if self.telling:  # in the same transaction: the outbox's messages (tousu.default_plugins.outbox)
            self.features.event_recorded(self, complaint, updated, org, staff, action, data, last, at)
        for follow in (f for e in effects for f in e.follow_ups):
            updated = self._act(
                updated, org, staff, Action(follow.action, follow.to, follow.note), dict(follow.fields), at
            )
        return updated

    def _apply_more(
        self,
        complaint: Complaint | None,
        updated: Complaint,
        cid: str,
        staff: Staff,
        at: datetime,
        data: Payload,
        extra: Payload,
        personal: tuple[str, str],
    ) -> Complaint:
        """The complaint after the event `data` + `extra` (`updated` is after `data` alone).

        Folding `extra` onto `updated` gives what folding the merged payload onto the
        complaint before the action gives — lists of operations run in order, mappings
        update — except when the action ends the complaint (its pending clocks are cancelled
        after every operation, including the added ones) or the payload already adds links
        or flags; those are replayed whole.
        """
        if data.status_name() in FINAL_STATUSES or data.links is not ABSENT or data.flags is not ABSENT:
            return projection.fold(complaint, data.merged(extra), cid, at, staff.id, personal)
        return projection.fold(updated, extra, cid, at, staff.id)

    @staticmethod
    def _event(cid: str, staff: Staff, action: str, at: datetime, data: dict[str, Any], n: int = 0) -> Event:
        return Event(cid, n, at, clock_now(), staff.id, staff.role, action, data)

    # -- compensation -----------------------------------------------------------------

    def compensate(
        self, complaint_id: str, *, fields: dict[str, Any] | None = None, actor: str | None = None
    ) -> Compensation:
        complaint = self.get(complaint_id, actor_id=acting(actor))
        org = self.org(complaint.org)
        # an evaluation, not a record: without a name, reckoned with the least authority there is
        staff = self.actor(org, actor) if acting(actor) else policy.ANONYMOUS_EVALUATOR
        result = self.hooks.complaint_compensation(complaint=complaint, org=org, actor=staff, facts=dict(fields or {}))
        if result is None:
            raise Refused(f"no compensation rules apply to {complaint.id} (domain {complaint.domain})")
        return result

    # -- maintenance ------------------------------------------------------------------

    def rebuild(self) -> int:
        return self.store.rebuild()


__all__ = ["PUBLIC", "PUBLIC_ACTIONS", "SYSTEM", "App", "DueItem"]
