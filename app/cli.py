"""Command-line tools: ``flask --app wsgi demo load``, ``taxonomy load``, ``users create-admin``,
``users rotate-totp-key``, ``i18n …``, ``maintenance …``, ``reminders send``, ``retention purge``,
``messages deliver``, ``mail send``, ``mail status``, ``doctor``, ``backup`` (app/backup/commands.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.extensions import db
from app.tenancy import system_scope
from app.unit_of_work import unit_of_work

ROOT = Path(__file__).resolve().parent.parent
demo_cli = AppGroup("demo", help="The demo city.")
taxonomy_cli = AppGroup("taxonomy", help="The directory's category tree (reference data).")
users_cli = AppGroup("users", help="Accounts.")
i18n_cli = AppGroup("i18n", help="Translations: extract, update, compile, check.")
maintenance_cli = AppGroup("maintenance", help="Housekeeping run from cron.")
reminders_cli = AppGroup("reminders", help="Reminders about outcome reports and networks' overdue actions, run daily "
                                           "from cron or a systemd timer.")
retention_cli = AppGroup("retention", help="Deleting personal data after its retention period, run daily from cron.")
search_cli = AppGroup("search", help="The directory search's reference files.")
messages_cli = AppGroup("messages", help="Messages to the network: e-mail what a stopped worker left unsent.")
mail_cli = AppGroup("mail", help="The outbox of e-mail: send what is due (every minute from cron or a systemd timer), "
                                 "and its counts.")


@search_cli.command("lemmas")
@click.option("--path", default=None,
              help="Where to write the file (default: SEARCH_LEMMAS_PATH or the instance folder).")
@click.option("--force", is_flag=True, help="Build it again even when it is there.")
def search_lemmas(path, force):
    """Build the word-forms file the search reads (from simplemma's pl/uk/en dictionaries; about 30 s, 110 MB).

    Idempotent: a file of the current format is kept unless --force. Reindex the services afterwards
    (``flask search reindex``) so that their words are stored with their lemmas."""
    from app.services.directory import lemmas

    target = Path(path) if path else lemmas.default_path()
    if lemmas.is_built(target) and not force:
        click.echo(f"Word forms already built: {target}")
        return
    count = lemmas.build(target)
    click.echo(f"Word forms built: {count} forms in {target}")


@search_cli.command("reindex")
def search_reindex():
    """Rebuild every service's search words (after the word-forms file or the stop words changed)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app.models import Service
    from app.services.directory.index import refresh_search_text

    with system_scope("cli.search_reindex"), unit_of_work():
        services = db.session.execute(select(Service).options(
            selectinload(Service.taxonomy_links), selectinload(Service.search_words))).unique().scalars().all()
        for service in services:
            refresh_search_text(service)
    click.echo(f"Reindexed {len(services)} services.")


@demo_cli.command("load")
@click.option("--password", envvar="DEMO_PASSWORD", default=None, help="Password of every demo account.")
def demo_load(password):
    """Create the demo city (idempotent). Refused in production."""
    from app.demo import DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRETS, load_demo

    if not current_app.config.get("DEMO_ALLOWED"):
        raise click.ClickException("Demo data is never loaded in production.")
    with system_scope("cli.demo_load"), unit_of_work():
        created = load_demo(password, city=current_app.config["CITY_NAME"])
    click.echo(f"Demo city ready (created: {created}).")
    click.echo(f"Password of every demo account: {'(from DEMO_PASSWORD)' if password else DEFAULT_DEMO_PASSWORD}")
    click.echo("TOTP secrets of the department accounts (add them to an authenticator app):")
    for email, secret in DEMO_TOTP_SECRETS.items():
        click.echo(f"  {email}: {secret}")


@taxonomy_cli.command("load")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A category tree in JSON (default: app/data/taxonomy.json, the city's reference tree).")
def taxonomy_load(path):
    """Add the categories that are missing.

    Idempotent and safe in production. Categories are matched by code: a missing one is
    added, and an existing one gets the labels and synonyms (pl, uk, en) it lacks, while a
    filled one is kept. Nothing is deleted, renamed, moved or re-flagged: what the department
    changed in the console stays. A category deleted in the console is added again.
    """
    from app.services.directory.taxonomy import load_terms, read_tree

    try:
        tree = read_tree(path)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    with system_scope("cli.taxonomy_load"), unit_of_work():
        added = load_terms(tree)
    click.echo(f"Category tree loaded: {added} {'category' if added == 1 else 'categories'} added.")


@users_cli.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--department", "department_name", default="Wydział Zdrowia i Pomocy Społecznej",
              help="Name of the department, created if the registry has none.")
@click.password_option()
def create_admin(email, full_name, department_name, password):
    """Create the first department admin (and the department, if missing)."""
    from app.demo import department
    from app.models import Membership, OrganisationKind, Role
    from app.services import ServiceError
    from app.services.accounts.users import create_user
    from app.services.organisations.registry import register_organisation

    try:
        with system_scope("cli.create_admin"), unit_of_work():
            organisation = department() or register_organisation(
                {"name": department_name, "kind": OrganisationKind.DEPARTMENT}, actor=None)
            organisation.is_verified = True
            user = create_user(email, full_name, password)
            db.session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=Role.ADMIN))
    except ServiceError as error:  # nothing was created
        raise click.ClickException(str(error.message)) from None
    click.echo(f"{email} is a department admin. Two-factor sign-in is set up at the first sign-in.")


@users_cli.command("rotate-totp-key")
def rotate_totp_key():
    """Encrypt every authenticator (TOTP) secret again with the newest key of TOTP_ENCRYPTION_KEYS, and the ones
    still stored in plain text for the first time. Run it after putting a new key in front (docs/SECRETS.md) and
    once after upgrading to encrypted secrets; safe to run again. If some secret opens with none of the keys,
    nothing is changed and the command fails, naming the accounts."""
    from app.services.accounts.secret_rotation import rotate_totp_secrets

    with system_scope("cli.rotate_totp_key"), unit_of_work():
        result = rotate_totp_secrets()
    if result.unreadable:
        raise click.ClickException(
            f"No key of TOTP_ENCRYPTION_KEYS opens the TOTP secret of users {', '.join(map(str, result.unreadable))}; "
            "nothing was changed. Put the key that encrypted them back in the list and run this again.")
    click.echo(f"TOTP secrets encrypted with the newest key: {result.reencrypted} "
               f"({result.were_plain} of them were stored in plain text).")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@i18n_cli.command("extract")
def i18n_extract():
    """Collect the strings of the code and templates into translations/messages.pot."""
    # Source locations stay in the catalogues (translators see where a string is used); short
    # words that change with gender or meaning ("Active", "Name") get a context with pgettext.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "_nl:1,2",
             "-k", "lazy_ngettext:1,2", "-k", "pgettext:1c,2", "-k", "lazy_pgettext:1c,2",
             "-k", "npgettext:1c,2,3", "--sort-output", "-o", "translations/messages.pot", ".")


@i18n_cli.command("update")
def i18n_update():
    """Extract, then merge the template into each catalogue (new strings come out empty)."""
    i18n_extract.callback()
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching",
             "--ignore-obsolete")
    fill_source_language(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")


def fill_source_language(path: Path) -> None:
    """The message ids are English: the English catalogue repeats each id as its translation."""
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    for message in catalogue:
        if message.id and not (message.string if not message.pluralizable else all(message.string)):
            message.string = message.id if not message.pluralizable else tuple(message.id)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=100, sort_output=True)


@i18n_cli.command("compile")
def i18n_compile():
    """Compile the catalogues to .mo files."""
    _pybabel("compile", "-d", "translations", "--statistics")


@i18n_cli.command("check")
def i18n_check():
    """Fail when any catalogue has an untranslated or fuzzy entry."""
    from app.i18n_check import catalogue_problems

    problems = catalogue_problems(ROOT / "translations")
    for problem in problems:
        click.echo(problem)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problems")
    click.echo("All catalogues are complete.")


@maintenance_cli.command("prune")
def maintenance_prune():
    """Delete expired sessions, used tokens, old counts of the sign-in throttle and mail limits, the counts of
    search queries older than ``SEARCH_QUERY_WEEKS_KEPT`` weeks, and the outbox's mails sent more than
    ``MAIL_SENT_KEPT_DAYS`` days ago."""
    from datetime import timedelta

    from sqlalchemy import delete

    from app.localtime import local_today
    from app.mail_queue import prune_sent
    from app.models import LoginAttempt, OneTimeToken, UserSession, utcnow
    from app.services.accounts.throttle import prune_old_attempts
    from app.services.directory.insights import prune_old_weeks

    with system_scope("cli.prune"), unit_of_work():
        limit = utcnow() - timedelta(days=current_app.config["SESSION_REMEMBER_DAYS"])
        sessions = db.session.execute(delete(UserSession).where(UserSession.last_seen_at < limit)).rowcount
        tokens = db.session.execute(delete(OneTimeToken).where(OneTimeToken.expires_at < utcnow())).rowcount
        attempts = prune_old_attempts()
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < limit))
        queries = prune_old_weeks(local_today(), current_app.config["SEARCH_QUERY_WEEKS_KEPT"])
        mails = prune_sent(current_app.config["MAIL_SENT_KEPT_DAYS"])
    click.echo(f"Removed {sessions} sessions, {tokens} tokens, {attempts} counted sign-in failures and e-mails, "
               f"{queries} weekly counts of search queries, {mails} sent mails.")


@reminders_cli.command("send")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as on this day (YYYY-MM-DD), for testing and catching up; default: today in Warsaw.")
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send and log nothing.")
def reminders_send(today, dry_run):
    """E-mail the reminders due today: organisations 14 and 3 days before a report's due date and weekly while
    it is overdue, the department's officers when a report waits for review over 14 days; the organisations
    responsible for a network's overdue action weekly while it is overdue, and each network's coordinator once a
    week of its overdue actions.

    Each reminder is logged once per occasion and recipient (app/services/reports/reminders.py), so running
    again — or twice at once — sends nothing twice. Each one is sent in its own transaction: a mail that fails
    is not logged (the next run tries it again), the others still go, and the command exits with status 1.
    """
    from app.localtime import local_today
    from app.services.reports import reminders

    day = today.date() if today else local_today()
    try:
        with system_scope("cli.reminders"), unit_of_work(writes=False):
            planned = reminders.plan(day)
    except LookupError as error:  # no public address for the links
        raise click.ClickException(str(error)) from None
    if dry_run:
        for reminder in planned:
            click.echo(f"would send  {_reminder_line(reminder)}")
        click.echo(f"{day:%Y-%m-%d}: would send {len(planned)} reminders (dry run: nothing sent, nothing logged).")
        return
    sent, skipped, failed = send_reminders(planned, click.echo)
    click.echo(f"{day:%Y-%m-%d}: sent {sent} reminders, {skipped} already sent by another run, {failed} failed.")
    if failed:
        raise SystemExit(1)


def send_reminders(planned, echo) -> tuple[int, int, int]:
    """Send each planned reminder in a transaction of its own: log it (skipped when another run has), hand it to the
    mail server, commit. A mail that fails rolls its log row back — never logged as sent — and the others go on.
    Tells ``echo`` one line per message; (sent, skipped, failed)."""
    from app.services.reports import reminders

    sent = skipped = failed = 0
    for reminder in planned:
        try:
            with system_scope("cli.reminders"), unit_of_work():
                if not reminders.record(reminder):
                    skipped += 1  # another run sent it meanwhile
                    continue
                reminders.deliver_now(reminder)  # an exception rolls the log row back: not logged as sent
        except Exception as error:  # noqa: BLE001 - one failed mail must not stop the others
            failed += 1
            echo(f"FAILED      {_reminder_line(reminder)}: {error}", err=True)
            continue
        sent += 1
        echo(f"sent        {_reminder_line(reminder)}")
    return sent, skipped, failed


def _reminder_line(reminder) -> str:
    """One reminder as an operator reads it: to whom, in which language, the e-mail's subject, and the log key."""
    return f"{reminder.recipient} ({reminder.locale}): {reminder.subject}  [{reminder.occasion}]"


@retention_cli.command("purge")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Purge referrals closed more than this many days ago (default: REFERRAL_RETENTION_DAYS, 90).")
@click.option("--dry-run", is_flag=True, help="Say how many referrals would be purged; change nothing.")
def retention_purge(days, dry_run):
    """Empty the personal fields (case code, needs, age band, children, consent, the referrer's contact) of referrals
    closed more than the retention period ago; what remains still counts in the department's figures. Running it
    again purges nothing twice (each purged referral is marked), and the audit log gets one entry per run that
    purged something."""
    from app.services.referrals import retention

    period = retention.retention_days(days)
    if dry_run:
        with system_scope("cli.retention"), unit_of_work(writes=False):
            due = retention.count_due(period)
        click.echo(f"Would purge {due} referrals closed more than {period} days ago (dry run: nothing changed).")
        return
    with system_scope("cli.retention"), unit_of_work():
        purged = retention.purge(period)
    click.echo(f"Purged the personal data of {purged} referrals closed more than {period} days ago.")


@messages_cli.command("deliver")
@click.option("--minutes", type=click.IntRange(min=0), default=10, show_default=True,
              help="Only messages sent at least this long ago (a worker may still be sending a newer one).")
def messages_deliver(minutes):
    """E-mail the recipients of every message whose delivery has no ``emailed_at`` yet (a worker stopped before
    sending, or the mail server refused): each organisation's admins and coordinators in their language, recorded
    on its delivery once sent. Safe to run again: a delivery e-mailed is not e-mailed twice."""
    from app.services.networks import messages

    delivered = messages.deliver_pending(current_app._get_current_object(), minutes=minutes)
    click.echo(f"Organisations e-mailed: {delivered}.")


@click.command("doctor")
@with_appcontext
def doctor():
    """Check this deployment: the secret key, the TOTP keys, the database and its migrations, Redis, SMTP, the mail
    outbox, the upload folders, the public address and the metrics' folder — one line per item, OK, WARN or FAIL;
    exits with status 1 when anything failed (app/doctor.py)."""
    from app.doctor import examine

    findings = examine()
    for finding in findings:
        click.echo(finding.line())
    failed = sum(not finding.ok for finding in findings)
    if failed:
        click.echo(f"{failed} of {len(findings)} checks failed.")
        raise SystemExit(1)
    warned = sum(finding.warning for finding in findings)
    click.echo(f"All {len(findings)} checks passed" + (f" ({warned} with a warning)." if warned else "."))


@mail_cli.command("send")
def mail_send():
    """Send every mail of the outbox that is due: not tried yet (its process stopped before it could), or refused
    before and now past its wait (1, 2, 4 … minutes, at most an hour). One SMTP connection per batch of 100. Rows
    another sender is sending are skipped, so runs on several hosts, or overlapping runs, send nothing twice. A
    failure is recorded on its row and tried again later; after ``MAIL_RETRY_HOURS`` the row is given up (kept,
    logged as an error)."""
    from app.mail_queue import send_due

    outcome = send_due()
    click.echo(f"Mails sent: {outcome.sent}, failed (tried again later): {outcome.failed}, "
               f"given up: {outcome.given_up}.")


@mail_cli.command("status")
def mail_status():
    """Count the outbox: mails queued (not tried yet), failing (to be tried again), given up, and sent today."""
    from app.mail_queue import status

    counts = status()
    click.echo(f"queued: {counts['queued']}  failing: {counts['failing']}  given up: {counts['given_up']}  "
               f"sent today: {counts['sent_today']}")


def register(app: Flask) -> None:
    """Add the command groups to ``flask``."""
    from app.backup.commands import backup_cli

    for group in (demo_cli, taxonomy_cli, users_cli, i18n_cli, maintenance_cli, reminders_cli, retention_cli,
                  search_cli, messages_cli, mail_cli, backup_cli):
        app.cli.add_command(group)
    app.cli.add_command(doctor)
