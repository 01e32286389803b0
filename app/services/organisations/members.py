"""Members of an organisation: invitations by e-mail, roles, removal."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.mail import send_mail
from app.models import Invitation, Membership, Organisation, Role, User, roles_for, utcnow
from app.security import hash_token, new_token
from app.services import ServiceError
from app.services.accounts.mail_limits import allow_mail
from app.services.accounts.users import create_user, find_user_by_email, normalise_email
from app.services.audit.log import client_address, record_event
from app.tenancy import system_scope
from app.unit_of_work import unique

unique("uq_invitation_open", _l("An invitation to this address was sent at the same moment. Look at the list of "
                                "invitations."), field="email")


def _check_role(organisation: Organisation, role: Role | str) -> Role:
    try:
        role = Role(role)
    except ValueError:
        raise ServiceError(_l("Choose one of the roles in the list."), field="role") from None
    if role not in roles_for(organisation.kind):
        raise ServiceError(_l("Choose one of the roles in the list."), field="role")
    return role


def invite_member(organisation: Organisation, email: str, role: Role | str, *, actor: User,
                  locale: str) -> Invitation:
    """Invite someone by e-mail to join ``organisation`` with ``role``; sends the link.

    Invitation e-mails are limited per invited address and per address the request came from
    (app/services/accounts/mail_limits.py); over a limit nothing changes and the open invitation stays, with
    the same answer whether or not the invited address has an account.
    """
    if not organisation.is_active:
        raise ServiceError(_l("This organisation is deactivated. Reactivate it before inviting anyone."),
                           field="email")
    role = _check_role(organisation, role)
    email = normalise_email(email)
    existing = find_user_by_email(email)
    if existing is not None and db.session.execute(
        select(Membership.id).where(Membership.organisation_id == organisation.id,
                                    Membership.user_id == existing.id)
    ).first():
        raise ServiceError(_l("This person is already a member."), field="email")
    if not allow_mail("invitation", email, client_address()):
        raise ServiceError(_l("Too many invitation e-mails were sent to this address or from yours recently. "
                              "Try again later."), field="email")
    for old in db.session.execute(
        select(Invitation).where(Invitation.organisation_id == organisation.id,
                                 func.lower(Invitation.email) == email,
                                 Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
    ).scalars():
        old.revoked_at = utcnow()  # a new invitation replaces the open one
    raw, token_hash = new_token()
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(
        organisation_id=organisation.id, email=email, role=role, token_hash=token_hash,
        invited_by_id=actor.id, expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    record_event("invitation.sent", actor=actor, organisation_id=organisation.id, target=invitation,
                 details={"role": str(role)})
    send_mail(
        email, _l("Invitation to %(organisation)s", organisation=organisation.name), "invitation",
        (existing.locale if existing and existing.locale else locale),
        organisation=organisation, role=role, inviter=actor, days=days,
        link=url_for("auth.invitation", token=raw, _external=True),
    )
    return invitation


def find_invitation(raw: str) -> Invitation | None:
    """The open, unexpired invitation behind a link, or None (checked before anyone is known)."""
    if not raw or len(raw) > 100:
        return None
    with system_scope("invitation.lookup"):
        invitation = db.session.execute(
            select(Invitation).where(Invitation.token_hash == hash_token(raw))
        ).scalar_one_or_none()
    if invitation is None or not invitation.is_open or invitation.expires_at < utcnow():
        return None
    if not invitation.organisation.is_active:
        return None
    return invitation


def accept_invitation(raw: str, *, user: User | None = None, full_name: str = "",
                      password: str = "") -> User:
    """Join the organisation: as the signed-in ``user``, or as a new account created here."""
    with system_scope("invitation.accept"):
        invitation = find_invitation(raw)
        if invitation is None:
            raise ServiceError(_l("This invitation has expired, was withdrawn or has already been used."))
        if user is None:
            if find_user_by_email(invitation.email) is not None:
                raise ServiceError(_l("An account with this e-mail address already exists. Sign in to accept."))
            user = create_user(invitation.email, full_name, password)
        elif normalise_email(user.email) != invitation.email:
            raise ServiceError(_l("This invitation was sent to another e-mail address."))
        already = db.session.execute(
            select(Membership).where(Membership.organisation_id == invitation.organisation_id,
                                     Membership.user_id == user.id)
        ).scalar_one_or_none()
        if already is None:
            db.session.add(Membership(organisation_id=invitation.organisation_id, user_id=user.id,
                                      role=invitation.role))
        invitation.accepted_at = utcnow()
        invitation.accepted_by_id = user.id
        record_event("invitation.accepted", actor=user, organisation_id=invitation.organisation_id,
                     target=invitation, details={"role": str(invitation.role)})
        db.session.flush()
    return user


def revoke_invitation(invitation: Invitation, *, actor: User) -> None:
    """Withdraw an open invitation; its link stops working."""
    if not invitation.is_open:
        return
    invitation.revoked_at = utcnow()
    record_event("invitation.revoked", actor=actor, organisation_id=invitation.organisation_id,
                 target=invitation)
    db.session.flush()


def _admins_left(membership: Membership) -> int:
    return db.session.execute(
        select(func.count(Membership.id)).where(
            Membership.organisation_id == membership.organisation_id,
            Membership.role == Role.ADMIN, Membership.id != membership.id)
    ).scalar_one()


def change_role(membership: Membership, role: Role | str, *, actor: User) -> None:
    """Give a member another role; the last admin keeps theirs."""
    role = _check_role(membership.organisation, role)
    if membership.role == role:
        return
    if membership.role == Role.ADMIN and _admins_left(membership) == 0:
        raise ServiceError(_l("The organisation needs at least one admin."), field="role")
    old = membership.role
    membership.role = role
    record_event("membership.role_changed", actor=actor, organisation_id=membership.organisation_id,
                 target=membership, details={"from": str(old), "to": str(role)})
    db.session.flush()


def remove_member(membership: Membership, *, actor: User) -> None:
    """Take someone out of the organisation; the last admin cannot be removed."""
    if membership.role == Role.ADMIN and _admins_left(membership) == 0:
        raise ServiceError(_l("The organisation needs at least one admin."))
    record_event("membership.removed", actor=actor, organisation_id=membership.organisation_id,
                 target=membership, details={"user_id": membership.user_id, "role": str(membership.role)})
    db.session.delete(membership)
    db.session.flush()


def list_members(organisation_id: int) -> list[Membership]:
    """Members of an organisation, by name."""
    return list(db.session.execute(
        select(Membership).join(Membership.user)
        .where(Membership.organisation_id == organisation_id).order_by(User.full_name)
    ).scalars())


def open_invitations(organisation_id: int) -> list[Invitation]:
    """Invitations not yet accepted or withdrawn, newest first."""
    return list(db.session.execute(
        select(Invitation).where(Invitation.organisation_id == organisation_id,
                                 Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc())
    ).scalars())
