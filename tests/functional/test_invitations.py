"""Invitations by e-mail, accepting them, and managing the members of an organisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import Invitation, Membership, Organisation, Role, User, utcnow
from tests.functional.support import link_in, location, page, post_sign_in, totp_now

NEW_PASSWORD = "srebrny-czajnik-pod-lipa"


def _membership_id(rows, person, organisation) -> int:
    return rows.one(Membership, user_id=person.id, organisation_id=organisation.id).id


def _invite(client, email, role="staff"):
    return client.post("/workspace/members", data={"email": email, "role": role})


def _last_link(outbox, email) -> str:
    return link_in(next(m for m in outbox() if m["to"] == email)["body"])


# --- the department registers an organisation and invites its first admin -------------------

def test_registering_an_organisation_invites_its_admin_who_joins(browser, city, outbox, rows):
    console = browser(city.dept_admin)
    response = console.post("/console/organisations/new", data={
        "name": "Fundacja Nowy Dom", "kind": "foundation", "admin_email": "Prezes@NowyDom.example"})
    assert response.status_code == 303
    organisation = rows.one(Organisation, name="Fundacja Nowy Dom")
    assert location(response) == f"/console/organisations/{organisation.id}"
    [message] = outbox()
    assert message["to"] == "prezes@nowydom.example"
    assert message["subject"] == "Invitation to Fundacja Nowy Dom"
    assert "Admin" in message["body"]
    link = link_in(message["body"])
    assert link.startswith("/invitations/")
    detail = page(console.get(location(response)))
    assert "prezes@nowydom.example" in detail  # listed as an open invitation

    newcomer = browser()
    shown = page(newcomer.get(link))
    assert shown.status == 200 and shown.h1 == "Join Fundacja Nowy Dom"
    response = newcomer.post(link, data={"full_name": "Paula Prezes", "password": NEW_PASSWORD,
                                         "confirm": NEW_PASSWORD})
    assert response.status_code == 303 and location(response) == "/workspace/"
    workspace = page(newcomer.get("/workspace/"))
    assert workspace.status == 200 and workspace.h1 == "Fundacja Nowy Dom"
    user = rows.one(User, email="prezes@nowydom.example")
    assert user.full_name == "Paula Prezes"
    assert rows.one(Membership, user_id=user.id).role == Role.ADMIN
    invitation = rows.one(Invitation, organisation_id=organisation.id)
    assert invitation.accepted_at is not None and invitation.accepted_by_id == user.id
    assert rows.actions("invitation.") == ["invitation.sent", "invitation.accepted"]
    # the link worked once
    again = page(browser().get(link))
    assert again.status == 404 and again.h1 == "This link no longer works"


def test_accepting_with_a_weak_password_creates_nothing(browser, city, outbox, rows):
    client = browser(city.a_admin)
    _invite(client, "weak@example.org")
    link = _last_link(outbox, "weak@example.org")
    newcomer = browser()
    shown = page(newcomer.post(link, data={"full_name": "Wanda Słaba", "password": "qwerty123456",
                                           "confirm": "qwerty123456"}))
    assert shown.status == 200
    assert "common passwords" in shown.field_error("password")
    assert shown.values()["full_name"] == "Wanda Słaba"
    assert rows.count(User, email="weak@example.org") == 0
    assert rows.one(Invitation, email="weak@example.org").accepted_at is None
    shown = page(newcomer.post(link, data={"full_name": "", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}))
    assert "Enter your name." in shown.field_error("full_name")
    assert rows.count(User, email="weak@example.org") == 0


@pytest.mark.parametrize("how", ["expired", "revoked", "organisation deactivated"])
def test_dead_invitation_links_show_the_404_page(browser, city, outbox, rows, how):
    _invite(browser(city.a_admin), "late@example.org")
    link = _last_link(outbox, "late@example.org")

    def kill():
        if how == "expired":
            db.session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
        elif how == "revoked":
            db.session.execute(update(Invitation).values(revoked_at=utcnow()))
        else:
            db.session.get(Organisation, city.org_a.id).is_active = False

    rows.run(kill)
    newcomer = browser()
    shown = page(newcomer.get(link))
    assert shown.status == 404
    assert "This invitation has expired, was withdrawn or has already been used." in shown.text
    response = newcomer.post(link, data={"full_name": "Spóźniony", "password": NEW_PASSWORD,
                                         "confirm": NEW_PASSWORD})
    assert response.status_code == 404
    assert rows.count(User, email="late@example.org") == 0


def test_made_up_invitation_link_is_404(browser):
    assert browser().get("/invitations/no-such-token").status_code == 404


def test_existing_account_signs_in_then_accepts(browser, city, outbox, rows):
    _invite(browser(city.a_admin), city.b_staff.email, role="coordinator")
    link = _last_link(outbox, city.b_staff.email)
    client = browser()
    shown = page(client.get(link))
    assert "You already have an account. Sign in to accept the invitation." in shown
    assert f'href="/sign-in?next={link}"' in shown.html
    assert client.post(link).status_code == 400  # not signed in: nothing happens
    assert rows.count(Membership, user_id=city.b_staff.id) == 1

    response = post_sign_in(client, city.b_staff.email, city.b_staff.password, next=link)
    assert location(response) == link
    shown = page(client.get(link))
    assert "Accept the invitation" in shown
    response = client.post(link)
    assert response.status_code == 303 and location(response) == "/workspace/"
    membership = rows.one(Membership, user_id=city.b_staff.id, organisation_id=city.org_a.id)
    assert membership.role == Role.COORDINATOR
    # the organisation just joined becomes the active one
    workspace = page(client.get("/workspace/"))
    assert workspace.h1 == city.org_a.name
    assert f"You are now a member of {city.org_a.name}." in workspace.flashes("success")


def test_department_officer_joining_an_organisation_lands_in_its_workspace(browser, city, outbox, rows):
    _invite(browser(city.a_admin), city.dept_officer.email)
    link = _last_link(outbox, city.dept_officer.email)
    client = browser()
    post_sign_in(client, city.dept_officer.email, city.dept_officer.password)
    client.post("/sign-in/code", data={"code": totp_now(city.dept_officer.email)})
    response = client.post(link)
    assert response.status_code == 303 and location(response) == "/workspace/"
    shown = page(client.get("/workspace/"))
    assert shown.status == 200 and shown.h1 == city.org_a.name
    assert rows.one(Membership, user_id=city.dept_officer.id, organisation_id=city.org_a.id).role == Role.STAFF


def test_someone_else_signed_in_cannot_accept(browser, city, outbox, rows):
    _invite(browser(city.a_admin), "friend@example.org")
    link = _last_link(outbox, "friend@example.org")
    intruder = browser(city.b_admin)
    shown = page(intruder.get(link))
    assert "You are signed in with another account." in shown
    assert intruder.post(link).status_code == 400
    assert rows.one(Invitation, email="friend@example.org").accepted_at is None
    assert rows.count(Membership, user_id=city.b_admin.id) == 1


def test_joining_the_department_needs_two_factor_next(browser, city, outbox, rows):
    console = browser(city.dept_admin)
    response = console.post(f"/console/organisations/{city.department.id}/invitations",
                            data={"email": "new.analyst@example.org", "role": "analyst"})
    assert response.status_code == 303
    link = _last_link(outbox, "new.analyst@example.org")
    newcomer = browser()
    response = newcomer.post(link, data={"full_name": "Nowa Analityczka", "password": NEW_PASSWORD,
                                         "confirm": NEW_PASSWORD})
    assert response.status_code == 303 and location(response) == "/sign-in"
    response = post_sign_in(newcomer, "new.analyst@example.org", NEW_PASSWORD)
    assert location(response) == "/sign-in/set-up-code"


# --- the organisation's admin manages members -------------------------------------------------

def test_admin_invites_a_member_from_the_members_page(browser, city, outbox, rows):
    client = browser(city.a_admin)
    shown = page(client.get("/workspace/members"))
    assert "Invite a member" in shown
    response = _invite(client, "nowa@example.org", role="coordinator")
    assert response.status_code == 303 and location(response) == "/workspace/members"
    [message] = outbox()
    assert message["to"] == "nowa@example.org"
    assert message["subject"] == f"Invitation to {city.org_a.name}"
    assert "Coordinator" in message["body"]
    invitation = rows.one(Invitation, email="nowa@example.org")
    assert (invitation.organisation_id, invitation.role, invitation.invited_by_id) == (
        city.org_a.id, Role.COORDINATOR, city.a_admin.id)
    shown = page(client.get("/workspace/members"))
    assert "An invitation has been sent to nowa@example.org." in shown.flashes("success")
    assert "nowa@example.org – Coordinator" in shown
    # accepting gives the invited role in organisation A and nothing in B
    newcomer = browser()
    newcomer.post(link_in(message["body"]), data={"full_name": "Nowa Osoba", "password": NEW_PASSWORD,
                                                  "confirm": NEW_PASSWORD})
    user = rows.one(User, email="nowa@example.org")
    assert [(m.organisation_id, m.role) for m in rows.all(Membership, user_id=user.id)] == [
        (city.org_a.id, Role.COORDINATOR)]


def test_inviting_again_replaces_the_open_invitation(browser, city, outbox, rows):
    client = browser(city.a_admin)
    _invite(client, "twice@example.org")
    first = _last_link(outbox, "twice@example.org")
    _invite(client, "twice@example.org", role="coordinator")
    assert browser().get(first).status_code == 404
    assert rows.count(Invitation, Invitation.revoked_at.is_(None), email="twice@example.org") == 1


def test_inviting_a_present_member_or_bad_input_is_refused(browser, city, outbox, rows):
    client = browser(city.a_admin)
    shown = page(_invite(client, city.a_staff.email))
    assert shown.status == 400
    assert "This person is already a member." in shown.field_error("email")
    shown = page(_invite(client, "not-an-address", role="staff"))
    assert shown.status == 400
    assert "Enter an e-mail address like name@example.org." in shown.field_error("email")
    assert shown.values(action="/workspace/members")["email"] == "not-an-address"
    shown = page(_invite(client, "someone@example.org", role="officer"))  # a department role
    assert shown.status == 400 and shown.field_error("role")
    assert outbox() == []
    assert rows.count(Invitation) == 0


@pytest.mark.parametrize("who", ["a_coordinator", "a_staff"])
def test_coordinator_and_staff_cannot_invite(browser, city, outbox, rows, who):
    client = browser(getattr(city, who))
    shown = page(client.get("/workspace/members"))
    assert shown.status == 200
    assert "Invite a member" not in shown
    response = _invite(client, "sneaky@example.org", role="admin")
    assert response.status_code == 403
    assert outbox() == [] and rows.count(Invitation) == 0


def test_admin_changes_a_role(browser, city, rows):
    client = browser(city.a_admin)
    membership_id = _membership_id(rows, city.a_staff, city.org_a)
    response = client.post(f"/workspace/members/{membership_id}/role", data={"role": "coordinator"})
    assert response.status_code == 303 and location(response) == "/workspace/members"
    assert rows.one(Membership, id=membership_id).role == Role.COORDINATOR
    [event] = rows.audit("membership.role_changed")
    assert event.details == {"from": "staff", "to": "coordinator"}
    assert event.organisation_id == city.org_a.id and event.actor_id == city.a_admin.id
    # a role from the department's list is refused
    client.post(f"/workspace/members/{membership_id}/role", data={"role": "officer"})
    assert rows.one(Membership, id=membership_id).role == Role.COORDINATOR


def test_the_last_admin_cannot_be_demoted_or_removed(browser, city, rows):
    client = browser(city.a_admin)
    own = _membership_id(rows, city.a_admin, city.org_a)
    response = client.post(f"/workspace/members/{own}/role", data={"role": "staff"})
    assert response.status_code == 303
    assert "The organisation needs at least one admin." in page(client.get("/workspace/members")).flashes("error")
    response = client.post(f"/workspace/members/{own}/remove")
    assert response.status_code == 303
    assert "The organisation needs at least one admin." in page(client.get("/workspace/members")).flashes("error")
    assert rows.one(Membership, id=own).role == Role.ADMIN
    assert rows.actions("membership.") == []


def test_with_a_second_admin_the_first_may_step_down(browser, city, rows):
    client = browser(city.a_admin)
    coordinator = _membership_id(rows, city.a_coordinator, city.org_a)
    client.post(f"/workspace/members/{coordinator}/role", data={"role": "admin"})
    own = _membership_id(rows, city.a_admin, city.org_a)
    client.post(f"/workspace/members/{own}/role", data={"role": "staff"})
    assert rows.one(Membership, id=own).role == Role.STAFF
    assert client.get("/workspace/members").status_code == 200
    assert _invite(client, "x@example.org").status_code == 403  # no longer an admin


def test_admin_removes_a_member_who_then_loses_access(browser, city, rows):
    removed = browser(city.a_staff)
    assert removed.get("/workspace/").status_code == 200
    client = browser(city.a_admin)
    membership_id = _membership_id(rows, city.a_staff, city.org_a)
    response = client.post(f"/workspace/members/{membership_id}/remove")
    assert response.status_code == 303
    shown = page(client.get("/workspace/members"))
    assert "Jan Testowy is no longer a member." in shown.flashes("success")
    assert city.a_staff.email not in shown
    assert rows.count(Membership, id=membership_id) == 0
    assert rows.count(User, id=city.a_staff.id) == 1  # the account stays
    assert removed.get("/workspace/").status_code == 403
    [event] = rows.audit("membership.removed")
    assert event.details == {"user_id": city.a_staff.id, "role": "staff"}


def test_admin_revokes_an_invitation(browser, city, outbox, rows):
    client = browser(city.a_admin)
    _invite(client, "withdrawn@example.org")
    assert "withdrawn@example.org – Staff" in page(client.get("/workspace/members"))
    link = _last_link(outbox, "withdrawn@example.org")
    invitation = rows.one(Invitation, email="withdrawn@example.org")
    response = client.post(f"/workspace/invitations/{invitation.id}/revoke")
    assert response.status_code == 303
    shown = page(client.get("/workspace/members"))
    assert "The invitation has been withdrawn." in shown.flashes("success")
    assert "withdrawn@example.org – Staff" not in shown  # no longer among the open invitations
    assert rows.one(Invitation, id=invitation.id).revoked_at is not None
    assert browser().get(link).status_code == 404
    assert rows.actions("invitation.revoked") == ["invitation.revoked"]


def test_another_tenants_members_answer_404(browser, city, rows, outbox):
    b_membership = _membership_id(rows, city.b_staff, city.org_b)
    _invite(browser(city.b_admin), "for.b@example.org")
    b_invitation = rows.one(Invitation, email="for.b@example.org").id
    client = browser(city.a_admin)
    assert client.post(f"/workspace/members/{b_membership}/role", data={"role": "admin"}).status_code == 404
    assert client.post(f"/workspace/members/{b_membership}/remove").status_code == 404
    assert client.post(f"/workspace/invitations/{b_invitation}/revoke").status_code == 404
    assert rows.one(Membership, id=b_membership).role == Role.STAFF
    assert rows.one(Invitation, id=b_invitation).revoked_at is None
    assert "for.b@example.org" not in page(client.get("/workspace/members"))
    assert city.b_staff.email not in page(client.get("/workspace/members"))


def test_coordinator_gets_the_same_answer_for_own_and_other_tenants_members(browser, city, rows):
    """A coordinator may not change roles at all: 403 whatever the id, so nothing leaks."""
    client = browser(city.a_coordinator)
    own = _membership_id(rows, city.a_staff, city.org_a)
    other = _membership_id(rows, city.b_staff, city.org_b)
    answers = {client.post(f"/workspace/members/{mid}/role", data={"role": "admin"}).status_code
               for mid in (own, other, 999_999)}
    assert answers == {403}
    assert rows.one(Membership, id=other).role == Role.STAFF
    assert rows.one(Membership, id=own).role == Role.STAFF
